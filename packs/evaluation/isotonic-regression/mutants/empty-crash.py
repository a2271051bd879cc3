# mistake: seeds the stack with the first value, so an empty input raises IndexError
# caught-by: edge cases
import numpy as np


def isotonic_regression(y, w=None, increasing=True):
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if not increasing:
        return -isotonic_regression(-y, w)
    values, weights, sizes = [y[0]], [w[0]], [1]
    for yi, wi in zip(y[1:], w[1:]):
        values.append(yi)
        weights.append(wi)
        sizes.append(1)
        while len(values) > 1 and values[-2] > values[-1]:
            v, wt, k = values.pop(), weights.pop(), sizes.pop()
            values[-1] = (values[-1] * weights[-1] + v * wt) / (weights[-1] + wt)
            weights[-1] += wt
            sizes[-1] += k
    return np.repeat(values, sizes).astype(float)
