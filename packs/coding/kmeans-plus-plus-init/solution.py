import numpy as np


def kmeans_pp_init(X: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Return the indices (k,) of the rows of X picked as k-means++ centres, in order."""
    rng = np.random.default_rng(seed)
    n = X.shape[0]
    chosen = [int(rng.integers(n))]  # first centre: uniform
    d2 = np.sum((X - X[chosen[0]]) ** 2, axis=1)  # (n,) squared distance to the nearest centre
    for _ in range(1, k):
        total = d2.sum()
        if total > 0:
            probs = d2 / total
        else:  # fewer distinct points than k: uniform over rows not yet chosen
            probs = np.ones(n)
            probs[chosen] = 0.0
            probs /= probs.sum()
        nxt = int(rng.choice(n, p=probs))
        chosen.append(nxt)
        d2 = np.minimum(d2, np.sum((X - X[nxt]) ** 2, axis=1))  # only the new centre can be nearer
    return np.array(chosen, dtype=np.int64)
