# Another way: plain Python loops, and each weighted draw as an "exponential race": row i
# draws E_i ~ Exp(1) and the row with the smallest E_i / w_i wins, which picks row i with
# probability w_i / sum(w) (the minimum of independent exponentials with rates w_i).
import math

import numpy as np


def kmeans_pp_init(X, k, seed):
    rng = np.random.default_rng(seed)
    rows = [list(map(float, r)) for r in np.asarray(X)]
    n = len(rows)

    def sqdist(a, b):
        return sum((x - y) ** 2 for x, y in zip(a, b))

    chosen = [int(rng.integers(n))]
    d2 = [sqdist(r, rows[chosen[0]]) for r in rows]
    while len(chosen) < k:
        # fewer distinct rows than k (all D = 0): uniform over the rows not chosen yet
        uniform = [0.0 if i in chosen else 1.0 for i in range(n)]
        weights = d2 if sum(d2) > 0 else uniform
        best, best_key = -1, math.inf
        for i, w in enumerate(weights):
            e = rng.exponential()
            if w > 0 and e / w < best_key:
                best, best_key = i, e / w
        chosen.append(best)
        d2 = [min(d, sqdist(r, rows[best])) for d, r in zip(d2, rows)]
    return np.array(chosen, dtype=np.int64)
