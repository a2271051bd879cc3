import numpy as np


def isotonic_regression(
    y: np.ndarray, w: np.ndarray | None = None, increasing: bool = True
) -> np.ndarray:
    """Weighted least-squares monotone fit of y, by pool adjacent violators."""
    raise NotImplementedError
