# mistake: divides by the total of D^2 without handling a total of 0 (fewer distinct points than k)
# caught-by: fewer distinct points than k
import numpy as np


def kmeans_pp_init(X, k, seed):
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    d2 = np.sum((X - X[chosen[0]]) ** 2, axis=1)
    for _ in range(1, k):
        nxt = int(rng.choice(n, p=d2 / d2.sum()))
        chosen.append(nxt)
        d2 = np.minimum(d2, np.sum((X - X[nxt]) ** 2, axis=1))
    return np.array(chosen)
