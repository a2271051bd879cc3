# mistake: returns the labels computed inside the loop, before the last centroid update, so
# a run stopped by max_iter returns labels that do not match its centroids
# caught-by: labels match the returned centroids after one iteration
import numpy as np


def _sqdist(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)


def kmeans(X, k, *, max_iter=100, tol=1e-6, seed=0):
    X = np.asarray(X, dtype=float)
    n = len(X)
    rng = np.random.default_rng(seed)
    centroids = X[[rng.integers(n)]]
    for _ in range(1, k):
        d2 = _sqdist(X, centroids).min(axis=1)
        i = rng.choice(n, p=d2 / d2.sum()) if d2.sum() > 0 else rng.integers(n)
        centroids = np.vstack([centroids, X[i]])
    for _ in range(max_iter):
        labels = _sqdist(X, centroids).argmin(axis=1)
        new = centroids.copy()
        own = ((X - centroids[labels]) ** 2).sum(axis=1)
        for j in range(k):
            if (labels == j).any():
                new[j] = X[labels == j].mean(axis=0)
            else:
                far = int(own.argmax())
                new[j] = X[far]
                own[far] = -1.0
        shift = np.sqrt(((new - centroids) ** 2).sum(axis=1)).max()
        centroids = new
        if shift <= tol:
            break
    return centroids, labels
