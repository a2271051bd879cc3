import numpy as np


def mse_loss_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray
) -> tuple[float, np.ndarray, float]:
    """Mean squared error of X @ w + b against y, and its gradient in w and b."""
    m = X.shape[0]
    r = X @ w + b - y  # (m,) residuals
    loss = np.mean(r**2)
    grad_w = 2.0 / m * (X.T @ r)  # (d,)
    grad_b = 2.0 / m * np.sum(r)
    return float(loss), grad_w, float(grad_b)


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
    n, d = X.shape
    rng = np.random.default_rng(seed)
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]  # the last batch may be smaller
            _, grad_w, grad_b = mse_loss_and_grad(w, b, X[idx], y[idx])
            w = w - lr * grad_w
            b = b - lr * grad_b
    return w, float(b)
