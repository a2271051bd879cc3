# mistake: soft-thresholds by l1 instead of lr * l1, which solves the problem for a penalty l1 / lr
# caught-by: fit is optimal (L1 only)
import numpy as np


def soft_threshold(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def _grads(w, b, X, y, l2):
    r = 0.5 * (1 + np.tanh(0.5 * (X @ w + b))) - y
    return X.T @ r / len(y) + l2 * w, np.mean(r)


def _step(X, l2):
    n = X.shape[0]
    return 1.0 / (np.linalg.norm(np.c_[X, np.ones(n)], 2) ** 2 / (4 * n) + l2)


def fit_logistic_l1(X, y, *, l1, l2=0.0, max_iter=5000):
    lr = _step(X, l2)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(max_iter):
        gw, gb = _grads(w, b, X, y, l2)
        w = soft_threshold(w - lr * gw, l1)
        b = b - lr * gb
    return w, b
