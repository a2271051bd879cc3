# mistake: requires recall strictly above the target, rejecting a threshold that meets it exactly
# caught-by: recall exactly at the target
import numpy as np


def precision_at_recall(y_true, y_score, min_recall):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    if y.sum() == 0:
        return float("nan"), float("nan")
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last]
    precision = tp / (np.flatnonzero(last) + 1)
    recall = tp / y.sum()
    allowed = (recall > min_recall) | (recall == 1.0)
    k = np.flatnonzero(allowed & (precision == precision[allowed].max()))[0]
    return float(precision[k]), float(s[last][k])
