# mistake: draws from numpy's global random state and ignores `seed`, so two runs with the
# same seed differ
# caught-by: same seed, same result
import numpy as np


def _sqdist(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)


def kmeans(X, k, *, max_iter=100, tol=1e-6, seed=0):
    X = np.asarray(X, dtype=float)
    C = X[[np.random.randint(len(X))]]
    for _ in range(1, k):
        d2 = _sqdist(X, C).min(axis=1)
        i = np.random.choice(len(X), p=d2 / d2.sum()) if d2.sum() > 0 else np.random.randint(len(X))
        C = np.vstack([C, X[i]])
    for _ in range(max_iter):
        labels = _sqdist(X, C).argmin(axis=1)
        new = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else C[j]
                        for j in range(k)])
        moved = np.sqrt(((new - C) ** 2).sum(1)).max()
        C = new
        if moved <= tol:
            break
    return C, _sqdist(X, C).argmin(axis=1)
