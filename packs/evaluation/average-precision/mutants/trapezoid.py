# mistake: integrates the precision-recall points with the trapezoidal rule (np.trapz style)
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
    precision = np.r_[1.0, tp / (np.flatnonzero(last) + 1)]
    recall = np.r_[0.0, tp / y.sum()]
    return float(np.sum(np.diff(recall) * (precision[1:] + precision[:-1]) / 2))
