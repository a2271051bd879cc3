import numpy as np


def ks_two_sample(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Two-sample KS statistic D and its asymptotic two-sided p-value."""
    raise NotImplementedError
