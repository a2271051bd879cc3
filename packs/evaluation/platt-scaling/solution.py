import numpy as np


def _objective(
    a: float, b: float, s: np.ndarray, t: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Cross-entropy of sigmoid(a*s + b) against soft targets t, its gradient and Hessian."""
    z = a * s + b
    loss = float(np.sum(np.logaddexp(0.0, z) - t * z))  # -[t log p + (1-t) log(1-p)], stable
    p = np.exp(-np.logaddexp(0.0, -z))  # sigmoid(z) without overflow
    r = p - t  # d loss / d z
    w = p * (1.0 - p)  # d^2 loss / d z^2
    grad = np.array([r @ s, r.sum()])
    hess = np.array([[w @ (s * s), w @ s], [w @ s, w.sum()]])
    return loss, grad, hess


def fit_platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Fit P(y=1 | s) = sigmoid(a*s + b) on Platt's smoothed targets; return (a, b)."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y).astype(bool)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    t = np.where(y, (n_pos + 1.0) / (n_pos + 2.0), 1.0 / (n_neg + 2.0))  # (n,) soft targets
    a, b = 0.0, float(np.log((n_pos + 1.0) / (n_neg + 1.0)))  # start at the prior log-odds
    loss, grad, hess = _objective(a, b, s, t)
    for _ in range(100):
        step = -np.linalg.solve(hess + 1e-12 * np.eye(2), grad)
        decrease = float(grad @ step)  # predicted change of the loss: negative
        if -decrease <= 1e-15 * max(1.0, loss):
            break  # converged: the loss cannot fall by more than float resolution
        lr = 1.0
        new = _objective(a + step[0], b + step[1], s, t)
        while new[0] > loss + 1e-4 * lr * decrease and lr > 1e-10:  # backtracking line search
            lr /= 2
            new = _objective(a + lr * step[0], b + lr * step[1], s, t)
        if new[0] >= loss:
            break  # no descent left at float precision
        a, b = a + lr * step[0], b + lr * step[1]
        loss, grad, hess = new
    return float(a), float(b)
