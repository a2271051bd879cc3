# mistake: fits -y for the decreasing case but forgets to negate the result back
# caught-by: non-increasing fits
import numpy as np


def isotonic_regression(y, w=None, increasing=True):
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if not increasing:
        y = -y
    values, weights, sizes = [], [], []
    for yi, wi in zip(y, w):
        values.append(yi)
        weights.append(wi)
        sizes.append(1)
        while len(values) > 1 and values[-2] > values[-1]:
            v, wt, k = values.pop(), weights.pop(), sizes.pop()
            values[-1] = (values[-1] * weights[-1] + v * wt) / (weights[-1] + wt)
            weights[-1] += wt
            sizes[-1] += k
    return np.repeat(values, sizes).astype(float)
