import numpy as np


def kmeans_pp_init(X: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Return the indices (k,) of the rows of X picked as k-means++ centres, in order."""
    raise NotImplementedError
