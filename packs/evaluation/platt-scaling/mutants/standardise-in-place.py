# mistake: standardises the scores in place (s -= mean; s /= std) for a better-conditioned fit, which changes the caller's array
# caught-by: inputs are left unchanged
import numpy as np


def fit_platt(scores, y):
    s = np.asarray(scores, dtype=float)  # no copy for a float64 input: s is the caller's array
    y = np.asarray(y).astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    mu, sd = s.mean(), s.std()
    s -= mu
    s /= sd
    c, d = 0.0, float(np.log((y.sum() + 1) / ((~y).sum() + 1)))
    for _ in range(100):
        p = np.exp(-np.logaddexp(0.0, -(c * s + d)))
        r, w = p - t, p * (1 - p)
        g = np.array([r @ s, r.sum()])
        H = np.array([[w @ (s * s), w @ s], [w @ s, w.sum()]])
        c, d = np.array([c, d]) - np.linalg.solve(H + 1e-12 * np.eye(2), g)
    return float(c / sd), float(d - c * mu / sd)
