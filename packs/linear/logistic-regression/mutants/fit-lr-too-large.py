# mistake: a fixed learning rate of 5.0 is stable only while the loss curvature stays below 2/5: with the default l2 = 1 the penalty alone has curvature 1, each step multiplies w by about -4 and the iterates overflow to NaN
# caught-by: fit reaches the optimum
import numpy as np


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def logistic_loss_and_grad(w, b, X, y, l2):
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * w @ w
    r = _sigmoid(z) - y
    return float(loss), X.T @ r / len(y) + l2 * w, float(np.mean(r))


def fit_logistic_regression(X, y, *, l2=1.0, max_iter=1000):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(max_iter):
        _, gw, gb = logistic_loss_and_grad(w, b, X, y, l2)
        w, b = w - 5.0 * gw, b - 5.0 * gb
    return w, b
