# mistake: merges a new value with the previous block once, but never re-checks the merged block against earlier ones
# caught-by: examples from the statement
import numpy as np


def isotonic_regression(y, w=None, increasing=True):
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if not increasing:
        return -isotonic_regression(-y, w)
    values, weights, sizes = [], [], []
    for yi, wi in zip(y, w):
        if values and values[-1] > yi:
            total = weights[-1] + wi
            values[-1] = (values[-1] * weights[-1] + yi * wi) / total
            weights[-1] = total
            sizes[-1] += 1
        else:
            values.append(yi)
            weights.append(wi)
            sizes.append(1)
    return np.repeat(values, sizes).astype(float)
