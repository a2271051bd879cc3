# mistake: takes the mean of every cluster, including empty ones (0/0 gives a NaN centroid)
# caught-by: fewer distinct points than k
import numpy as np


def _sqdist(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)


def kmeans(X, k, *, max_iter=100, tol=1e-6, seed=0):
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng(seed)
    C = X[[rng.integers(len(X))]]
    for _ in range(1, k):
        d2 = _sqdist(X, C).min(axis=1)
        i = rng.choice(len(X), p=d2 / d2.sum()) if d2.sum() > 0 else rng.integers(len(X))
        C = np.vstack([C, X[i]])
    for _ in range(max_iter):
        labels = _sqdist(X, C).argmin(axis=1)
        new = np.array([X[labels == j].mean(axis=0) for j in range(k)])
        moved = np.sqrt(((new - C) ** 2).sum(1)).max()
        C = new
        if moved <= tol:
            break
    return C, _sqdist(X, C).argmin(axis=1)
