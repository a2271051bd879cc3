# mistake: "fixes" the log(0) by clipping p to [1e-15, 1 - 1e-15], which caps each example's loss near 34.5
# caught-by: finite, exact loss at scores of +-1000
import numpy as np


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logistic_loss_and_grad(w, b, X, y, l2):
    z = X @ w + b
    p = np.clip(_sigmoid(z), 1e-15, 1 - 1e-15)
    loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)) + 0.5 * l2 * w @ w
    r = _sigmoid(z) - y
    return float(loss), X.T @ r / len(y) + l2 * w, float(np.mean(r))


def fit_logistic_regression(X, y, *, l2=1.0, max_iter=1000):
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    lr = 1.0 / (np.linalg.norm(Xb, 2) ** 2 / (4 * n) + l2)
    w, b = np.zeros(d), 0.0
    for _ in range(max_iter):
        _, gw, gb = logistic_loss_and_grad(w, b, X, y, l2)
        w, b = w - lr * gw, b - lr * gb
    return w, b

