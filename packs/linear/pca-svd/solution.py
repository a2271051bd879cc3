import numpy as np


def pca(X: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top-k principal components of X: (components (k, d), explained_variance (k,), Z (n, k))."""
    n = X.shape[0]
    Xc = X - X.mean(axis=0)  # (n, d) centred: PCA describes variation around the mean
    # Xc = U S Vt; the rows of Vt are the principal directions, sorted by S descending.
    _, S, Vt = np.linalg.svd(Xc, full_matrices=False)  # S (r,), Vt (r, d), r = min(n, d)
    components = Vt[:k]  # (k, d), orthonormal rows
    explained_variance = S[:k] ** 2 / (n - 1)  # (k,) sample variance along each direction
    Z = Xc @ components.T  # (n, k) scores: coordinates in the new basis
    return components, explained_variance, Z
