import numpy as np


def soft_threshold(v: np.ndarray, t: float) -> np.ndarray:
    """Proximal map of t*||.||_1, applied entrywise."""
    raise NotImplementedError


def fit_logistic_l1(
    X: np.ndarray, y: np.ndarray, *, l1: float, l2: float = 0.0, max_iter: int = 5000
) -> tuple[np.ndarray, float]:
    """Minimise mean cross-entropy + l1*||w||_1 + (l2/2)||w||^2; return (w, b)."""
    raise NotImplementedError
