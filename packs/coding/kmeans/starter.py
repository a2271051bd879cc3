import numpy as np


def kmeans(
    X: np.ndarray, k: int, *, max_iter: int = 100, tol: float = 1e-6, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster the rows of X into k groups; return (centroids (k, d), labels (n,))."""
    raise NotImplementedError
