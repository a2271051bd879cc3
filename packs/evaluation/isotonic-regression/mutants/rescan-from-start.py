# mistake: after every merge, rescans the whole sequence from the start for violators (quadratic)
# caught-by: runs in O(n)
import numpy as np


def isotonic_regression(y, w=None, increasing=True):
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if not increasing:
        return -isotonic_regression(-y, w)
    blocks = [[v, wt, 1] for v, wt in zip(y.tolist(), w.tolist())]
    i = 0
    while i < len(blocks) - 1:
        if blocks[i][0] > blocks[i + 1][0]:
            (v1, w1, k1), (v2, w2, k2) = blocks[i], blocks.pop(i + 1)
            blocks[i] = [(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, k1 + k2]
            i = 0  # start over
        else:
            i += 1
    return np.repeat([b[0] for b in blocks], [b[2] for b in blocks]).astype(float)
