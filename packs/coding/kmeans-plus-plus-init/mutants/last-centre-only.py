# mistake: measures D to the most recently chosen centre only, not to the nearest chosen centre
# caught-by: D^2 sampling distribution
import numpy as np


def kmeans_pp_init(X, k, seed):
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    chosen = [int(rng.integers(n))]
    for _ in range(1, k):
        d2 = np.sum((X - X[chosen[-1]]) ** 2, axis=1)
        d2[chosen] = 0.0
        if d2.sum() > 0:
            probs = d2 / d2.sum()
        else:
            probs = np.ones(n)
            probs[chosen] = 0.0
            probs /= probs.sum()
        chosen.append(int(rng.choice(n, p=probs)))
    return np.array(chosen)
