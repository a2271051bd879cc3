# mistake: takes the farthest row (argmax of D^2) instead of sampling proportionally to it
# caught-by: second centre follows D^2 (statement example)
import numpy as np


def kmeans_pp_init(X, k, seed):
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    d2 = np.sum((X - X[chosen[0]]) ** 2, axis=1)
    for _ in range(1, k):
        d2[chosen] = -1.0
        nxt = int(np.argmax(d2))
        chosen.append(nxt)
        d2 = np.minimum(d2, np.sum((X - X[nxt]) ** 2, axis=1))
    return np.array(chosen)
