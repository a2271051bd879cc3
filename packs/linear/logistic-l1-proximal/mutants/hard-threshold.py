# mistake: hard thresholding: entries above t are kept unchanged instead of shrunk by t
# caught-by: soft_threshold on the statement's example
import numpy as np


def soft_threshold(v, t):
    return np.where(np.abs(v) > t, v, 0.0)


def fit_logistic_l1(X, y, *, l1, l2=0.0, max_iter=5000):
    n = X.shape[0]
    lr = 1.0 / (np.linalg.norm(np.c_[X, np.ones(n)], 2) ** 2 / (4 * n) + l2)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(max_iter):
        r = 0.5 * (1 + np.tanh(0.5 * (X @ w + b))) - y
        w = soft_threshold(w - lr * (X.T @ r / n + l2 * w), lr * l1)
        b = b - lr * np.mean(r)
    return w, b
