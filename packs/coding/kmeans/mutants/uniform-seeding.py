# mistake: seeds with k points drawn uniformly (no D(x)^2 weighting), so two starting
# centroids often fall in one blob and Lloyd stays in that local optimum
# caught-by: well-separated blobs are recovered
import numpy as np


def _sqdist(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)


def kmeans(X, k, *, max_iter=100, tol=1e-6, seed=0):
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng(seed)
    C = X[rng.choice(len(X), size=k, replace=False)]
    for _ in range(max_iter):
        labels = _sqdist(X, C).argmin(axis=1)
        new = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else C[j]
                        for j in range(k)])
        moved = np.sqrt(((new - C) ** 2).sum(1)).max()
        C = new
        if moved <= tol:
            break
    return C, _sqdist(X, C).argmin(axis=1)
