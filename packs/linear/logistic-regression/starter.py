import numpy as np


def logistic_loss_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float
) -> tuple[float, np.ndarray, float]:
    """Mean binary cross-entropy plus (l2/2)||w||^2, and its gradient in w and b."""
    raise NotImplementedError


def fit_logistic_regression(
    X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, max_iter: int = 1000
) -> tuple[np.ndarray, float]:
    """Minimise the regularised loss; return (w, b)."""
    raise NotImplementedError
