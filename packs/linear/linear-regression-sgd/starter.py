import numpy as np


def mse_loss_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray
) -> tuple[float, np.ndarray, float]:
    """Mean squared error of X @ w + b against y, and its gradient in w and b."""
    raise NotImplementedError


def sgd_linear_regression(
    X: np.ndarray,
    y: np.ndarray,
    *,
    lr: float = 0.01,
    batch_size: int = 32,
    epochs: int = 50,
    shuffle: bool = True,
    seed: int = 0,
) -> tuple[np.ndarray, float]:
    """Fit y ~ X @ w + b by mini-batch SGD from w = 0, b = 0; return (w, b)."""
    raise NotImplementedError
