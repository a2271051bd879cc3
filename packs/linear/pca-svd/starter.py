import numpy as np


def pca(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-k principal components of X: (components (k, d), explained_variance (k,), Z (n, k))."""
    raise NotImplementedError
