# mistake: samples proportional to the distance D instead of D^2
# caught-by: D^2 sampling distribution
import numpy as np


def kmeans_pp_init(X, k, seed):
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    d = np.sqrt(np.sum((X - X[chosen[0]]) ** 2, axis=1))
    for _ in range(1, k):
        if d.sum() > 0:
            probs = d / d.sum()
        else:
            probs = np.ones(n)
            probs[chosen] = 0.0
            probs /= probs.sum()
        nxt = int(rng.choice(n, p=probs))
        chosen.append(nxt)
        d = np.minimum(d, np.sqrt(np.sum((X - X[nxt]) ** 2, axis=1)))
    return np.array(chosen)
