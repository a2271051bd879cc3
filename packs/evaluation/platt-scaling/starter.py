import numpy as np


def fit_platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Fit P(y=1 | s) = sigmoid(a*s + b) on Platt's smoothed targets; return (a, b)."""
    raise NotImplementedError
