# mistake: fits the raw 0/1 labels instead of Platt's smoothed targets
# caught-by: examples from the statement
import numpy as np


def fit_platt(scores, y):
    s = np.asarray(scores, dtype=float)
    t = np.asarray(y, dtype=float)
    X = np.stack([s, np.ones_like(s)], axis=1)
    w = np.zeros(2)
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(X @ w, -500, 500)))
        H = X.T @ (X * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        w = w - np.linalg.solve(H, X.T @ (p - t))
    return float(w[0]), float(w[1])
