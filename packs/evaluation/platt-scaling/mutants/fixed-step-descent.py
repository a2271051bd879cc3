# mistake: plain gradient descent with a fixed learning rate on unscaled scores: diverges when scores are large
# caught-by: large scores
import numpy as np


def fit_platt(scores, y):
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y).astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    a, b = 0.0, 0.0
    for _ in range(2000):
        p = 1 / (1 + np.exp(-(a * s + b)))
        a -= 0.5 * np.mean((p - t) * s)
        b -= 0.5 * np.mean(p - t)
    return float(a), float(b)
