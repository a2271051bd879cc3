# mistake: builds the ROC curve sweeping the threshold upward, which measures negatives above positives
# caught-by: examples from the statement
import numpy as np


def roc_auc(y_true, y_score):
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    n_pos, n_neg = y.sum(), len(y) - y.sum()
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(s, kind="stable")  # ascending: the lowest scores are flagged first
    s, y = s[order], y[order]
    last = np.r_[s[1:] != s[:-1], True]  # close each tie group
    tpr = np.r_[0.0, np.cumsum(y)[last] / n_pos]
    fpr = np.r_[0.0, np.cumsum(1 - y)[last] / n_neg]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
