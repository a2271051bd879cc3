# mistake: averages the precision over all thresholds instead of weighting by the recall gain
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
    return float(np.mean(tp / (np.flatnonzero(last) + 1)))
