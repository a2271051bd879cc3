# mistake: gradient descent that stops once the loss improves by less than 1e-6 in a step, long before the minimum
# caught-by: the gradient vanishes at the answer
import numpy as np


def fit_platt(scores, y):
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y).astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    mu, sd = s.mean(), s.std()
    u = (s - mu) / sd  # standardised, so one learning rate suits every scale
    c, d, prev = 0.0, 0.0, np.inf
    for _ in range(100_000):
        z = c * u + d
        loss = np.mean(np.logaddexp(0.0, z) - t * z)
        if prev - loss < 1e-6:
            break
        prev = loss
        r = np.exp(-np.logaddexp(0.0, -z)) - t
        c -= 0.5 * np.mean(r * u)
        d -= 0.5 * np.mean(r)
    return float(c / sd), float(d - c * mu / sd)
