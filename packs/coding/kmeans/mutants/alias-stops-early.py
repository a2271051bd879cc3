# mistake: `old = centroids` keeps an alias, not a copy; the in-place update moves both,
# the measured shift is 0 and the loop stops after one iteration
# caught-by: converges to a Lloyd fixed point
import numpy as np


def _sqdist(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)


def kmeans(X, k, *, max_iter=100, tol=1e-6, seed=0):
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng(seed)
    centroids = X[[rng.integers(len(X))]]
    for _ in range(1, k):
        d2 = _sqdist(X, centroids).min(axis=1)
        i = rng.choice(len(X), p=d2 / d2.sum()) if d2.sum() > 0 else rng.integers(len(X))
        centroids = np.vstack([centroids, X[i]])
    labels = _sqdist(X, centroids).argmin(axis=1)
    for _ in range(max_iter):
        old = centroids
        for j in range(k):
            if (labels == j).any():
                centroids[j] = X[labels == j].mean(axis=0)
        if np.abs(centroids - old).max() <= tol:
            break
        labels = _sqdist(X, centroids).argmin(axis=1)
    return centroids, labels
