import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function without overflow: exp is only ever taken of -|z|."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logistic_loss_and_grad(
    w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float
) -> tuple[float, np.ndarray, float]:
    """Mean binary cross-entropy plus (l2/2)||w||^2, and its gradient in w and b."""
    n = X.shape[0]
    z = X @ w + b  # (n,) scores
    # -log p(y|x) = log(1 + e^z) - y*z, and log(1 + e^z) = logaddexp(0, z) never overflows
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * np.dot(w, w)
    r = sigmoid(z) - y  # (n,) residuals p - y
    grad_w = X.T @ r / n + l2 * w  # (d,)
    grad_b = np.mean(r)  # the bias is not regularised
    return float(loss), grad_w, float(grad_b)


def fit_logistic_regression(
    X: np.ndarray, y: np.ndarray, *, l2: float = 1.0, max_iter: int = 1000
) -> tuple[np.ndarray, float]:
    """Minimise the regularised loss by gradient descent with step 1/L; return (w, b)."""
    n, d = X.shape
    # The loss is L-smooth with L = ||[X 1]||_2^2 / (4n) + l2, so a step of 1/L always descends.
    Xb = np.hstack([X, np.ones((n, 1))])  # (n, d+1)
    lipschitz = np.linalg.norm(Xb, 2) ** 2 / (4 * n) + l2
    lr = 1.0 / lipschitz
    w, b = np.zeros(d), 0.0
    for _ in range(max_iter):
        _, grad_w, grad_b = logistic_loss_and_grad(w, b, X, y, l2)
        if max(np.max(np.abs(grad_w), initial=0.0), abs(grad_b)) < 1e-10:
            break
        w = w - lr * grad_w
        b = b - lr * grad_b
    return w, float(b)
