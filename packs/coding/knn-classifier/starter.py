import numpy as np


def knn_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_query: np.ndarray, k: int
) -> np.ndarray:
    """Label each query row by a majority vote of its k nearest training rows."""
    raise NotImplementedError
