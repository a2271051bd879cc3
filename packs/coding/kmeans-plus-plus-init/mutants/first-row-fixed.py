# mistake: always starts from row 0 instead of a uniformly random row
# caught-by: second centre follows D^2 (statement example)
import numpy as np


def kmeans_pp_init(X, k, seed):
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    chosen = [0]
    d2 = np.sum((X - X[0]) ** 2, axis=1)
    for _ in range(1, k):
        if d2.sum() > 0:
            probs = d2 / d2.sum()
        else:
            probs = np.ones(n)
            probs[chosen] = 0.0
            probs /= probs.sum()
        nxt = int(rng.choice(n, p=probs))
        chosen.append(nxt)
        d2 = np.minimum(d2, np.sum((X - X[nxt]) ** 2, axis=1))
    return np.array(chosen)
