# mistake: fits only the slope, p = sigmoid(a * s), leaving out the intercept
# caught-by: examples from the statement
import numpy as np


def fit_platt(scores, y):
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y).astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    a = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(a * s, -500, 500)))
        a -= np.sum((p - t) * s) / (np.sum(p * (1 - p) * s * s) + 1e-9)
    return float(a), 0.0
