# mistake: uses interpolated precision (the best precision at any higher recall), as in VOC-style mAP
# caught-by: examples from the statement
import numpy as np


def average_precision(y_true, y_score):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    if y.sum() == 0:
        return float("nan")
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last]
    precision = tp / (np.flatnonzero(last) + 1)
    recall = tp / y.sum()
    precision = np.maximum.accumulate(precision[::-1])[::-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * precision))
