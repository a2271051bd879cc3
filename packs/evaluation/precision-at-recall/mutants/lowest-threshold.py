# mistake: breaks ties in precision towards the lowest threshold (argmax over reversed arrays)
# caught-by: equal precision at several thresholds
import numpy as np


def precision_at_recall(y_true, y_score, min_recall):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    if y.sum() == 0:
        return float("nan"), float("nan")
    order = np.argsort(s, kind="stable")[::-1]  # descending, built by reversing
    s, y = s[order], y[order]
    last = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last]
    precision = tp / (np.flatnonzero(last) + 1)
    allowed = tp / y.sum() >= min_recall
    precision = np.where(allowed, precision, -1.0)
    k = len(precision) - 1 - np.argmax(precision[::-1])
    return float(precision[k]), float(s[last][k])
