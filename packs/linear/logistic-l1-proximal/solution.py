import numpy as np


def soft_threshold(v: np.ndarray, t: float) -> np.ndarray:
    """Proximal map of t*||.||_1: shrink every entry towards 0 by t, stopping at 0."""
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def _smooth_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float):
    """Gradient of mean cross-entropy + (l2/2)||w||^2 (the smooth part) in w and b."""
    z = X @ w + b  # (n,)
    p = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid, no overflow
    r = p - y  # (n,)
    return X.T @ r / len(y) + l2 * w, float(np.mean(r))


def fit_logistic_l1(
    X: np.ndarray, y: np.ndarray, *, l1: float, l2: float = 0.0, max_iter: int = 5000
) -> tuple[np.ndarray, float]:
    """Minimise mean cross-entropy + l1*||w||_1 + (l2/2)||w||^2 by proximal gradient (ISTA)."""
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])  # (n, d+1)
    lr = 1.0 / (np.linalg.norm(Xb, 2) ** 2 / (4 * n) + l2)  # 1/L for the smooth part
    w, b = np.zeros(d), 0.0
    for _ in range(max_iter):
        grad_w, grad_b = _smooth_grad(w, b, X, y, l2)
        w_next = soft_threshold(w - lr * grad_w, lr * l1)  # gradient step, then prox of l1
        b_next = b - lr * grad_b  # the bias is not penalised: a plain gradient step
        converged = max(np.max(np.abs(w_next - w), initial=0.0), abs(b_next - b)) < 1e-12
        w, b = w_next, b_next
        if converged:
            break
    return w, float(b)
