# Another formulation: distances through one matrix product (|x|^2 - 2 x.c + |c|^2),
# inverse-CDF sampling for k-means++, stop when no label changes, and empty clusters
# keep their previous centroid.
import numpy as np


def kmeans(
    X: np.ndarray, k: int, *, max_iter: int = 100, tol: float = 1e-6, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster the rows of X into k groups; return (centroids (k, d), labels (n,))."""
    X = np.array(X, dtype=np.float64)  # (n, d), a private copy
    n = len(X)
    mu = X.mean(axis=0)
    Xc = X - mu  # centre the data: the expanded form below loses precision far from 0
    rng = np.random.default_rng(seed)

    C = np.empty((k, X.shape[1]))  # (k, d), in centred coordinates
    C[0] = Xc[rng.integers(n)]
    d2 = ((Xc - C[0]) ** 2).sum(axis=1)  # (n,)
    for j in range(1, k):
        cdf = np.cumsum(d2)
        if cdf[-1] > 0:
            i = min(int(np.searchsorted(cdf, rng.random() * cdf[-1], side="right")), n - 1)
        else:
            i = int(rng.integers(n))
        C[j] = Xc[i]
        d2 = np.minimum(d2, ((Xc - C[j]) ** 2).sum(axis=1))

    sq = (Xc**2).sum(axis=1)[:, None]  # (n, 1)

    def nearest(C: np.ndarray) -> np.ndarray:
        dist = sq - 2.0 * Xc @ C.T + (C**2).sum(axis=1)[None, :]  # (n, k)
        return dist.argmin(axis=1)  # (n,)

    labels = np.full(n, -1)
    for _ in range(max_iter):
        new_labels = nearest(C)
        if np.array_equal(new_labels, labels):
            break
        labels = new_labels
        one_hot = np.eye(k)[labels]  # (n, k)
        counts = one_hot.sum(axis=0)  # (k,)
        sums = one_hot.T @ Xc  # (k, d)
        filled = counts > 0
        moved = C.copy()
        moved[filled] = sums[filled] / counts[filled, None]
        C = moved
    return C + mu, nearest(C)  # labels of the centroids returned, even after max_iter
