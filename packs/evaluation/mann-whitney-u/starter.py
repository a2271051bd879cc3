import numpy as np


def mann_whitney_u(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """U of x and its two-sided normal-approximation p-value (tie and continuity corrected)."""
    raise NotImplementedError
