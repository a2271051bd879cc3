# mistake: keeps the input's dtype, so integer labels that need no pooling come back as an integer array
# caught-by: returns a float64 array
import numpy as np


def isotonic_regression(y, w=None, increasing=True):
    y = np.asarray(y)
    w = np.ones(len(y)) if w is None else np.asarray(w, dtype=float)
    sign = 1 if increasing else -1
    blocks = []  # [value, weight, size]
    for yi, wi in zip(sign * y, w):
        blocks.append([yi, wi, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v, wt, k = blocks.pop()
            b = blocks[-1]
            b[0], b[1], b[2] = (b[0] * b[1] + v * wt) / (b[1] + wt), b[1] + wt, b[2] + k
    values = np.array([b[0] for b in blocks]) if blocks else np.zeros(0, dtype=y.dtype)
    return sign * np.repeat(values, [b[2] for b in blocks])
