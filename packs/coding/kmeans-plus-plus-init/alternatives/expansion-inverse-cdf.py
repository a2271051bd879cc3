# Another way: all pairwise squared distances by the expansion |x|^2 - 2 x.c + |c|^2
# (clipped at 0), min over the chosen centres each step, and inverse-CDF sampling with
# Python's random module instead of numpy's choice.
import bisect
import itertools
import random

import numpy as np


def kmeans_pp_init(X, k, seed):
    rng = random.Random(seed)
    n = X.shape[0]
    sq = np.einsum("nd,nd->n", X, X)  # (n,)
    d2_all = np.maximum(sq[:, None] - 2 * X @ X.T + sq[None, :], 0.0)  # (n, n)
    chosen = [rng.randrange(n)]
    while len(chosen) < k:
        d2 = d2_all[chosen].min(axis=0)  # (n,) to the nearest chosen centre
        d2[chosen] = 0.0
        if d2.sum() <= 0:
            rest = [i for i in range(n) if i not in chosen]
            chosen.append(rng.choice(rest))
            continue
        cdf = list(itertools.accumulate(d2.tolist()))
        i = bisect.bisect_right(cdf, rng.random() * cdf[-1])
        chosen.append(min(i, n - 1))
    return chosen
