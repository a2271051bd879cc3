# mistake: treats every position in the sorted order as a cut, splitting groups of tied scores
# caught-by: tied scores
import numpy as np


def precision_at_recall(y_true, y_score, min_recall):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    if y.sum() == 0:
        return float("nan"), float("nan")
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    tp = np.cumsum(y)
    precision = tp / np.arange(1, len(y) + 1)
    allowed = tp / y.sum() >= min_recall
    k = np.flatnonzero(allowed & (precision == precision[allowed].max()))[0]
    return float(precision[k]), float(s[k])
