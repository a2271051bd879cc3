# A library call: scipy's kmeans2 with k-means++ seeding; it runs a fixed number of
# Lloyd iterations and leaves an empty cluster's centroid where it was.
import warnings

import numpy as np
from scipy.cluster.vq import kmeans2, vq


def kmeans(
    X: np.ndarray, k: int, *, max_iter: int = 100, tol: float = 1e-6, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster the rows of X into k groups; return (centroids (k, d), labels (n,))."""
    with warnings.catch_warnings():  # empty clusters and 0/0 seeding weights warn
        warnings.simplefilter("ignore")
        centroids, labels = kmeans2(
            np.asarray(X, dtype=np.float64), k, iter=max_iter, minit="++", missing="warn", seed=seed
        )
    # kmeans2 returns the labels it computed before its last update; assign once more so
    # the labels belong to the centroids returned
    labels, _ = vq(np.asarray(X, dtype=np.float64), centroids)
    return centroids, labels
