# mistake: counts only strictly higher positives, so a tied pair scores 0 instead of 1/2
# caught-by: tied scores
import numpy as np


def roc_auc(y_true, y_score):
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    neg_sorted = np.sort(s[~y])
    below = np.searchsorted(neg_sorted, s[y], side="left")  # negatives strictly below
    return float(below.sum() / (n_pos * n_neg))
