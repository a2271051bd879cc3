# mistake: pools blocks with a plain mean of their values, ignoring the weights
# caught-by: examples from the statement
import numpy as np


def isotonic_regression(y, w=None, increasing=True):
    y = np.asarray(y, dtype=float)
    if not increasing:
        return -isotonic_regression(-y, w)
    blocks = []  # [sum of values, count]
    for yi in y:
        blocks.append([yi, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
    return np.repeat([s / c for s, c in blocks], [c for _, c in blocks]).astype(float)
