# mistake: returns 0.5 ("a random model") when one class is missing, instead of nan
# caught-by: one class only gives nan
import numpy as np


def roc_auc(y_true, y_score):
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if n_pos == 0 or n_neg == 0:
        return 0.5
    neg_sorted = np.sort(s[~y])
    lo = np.searchsorted(neg_sorted, s[y], side="left")
    hi = np.searchsorted(neg_sorted, s[y], side="right")
    return float((lo.sum() + 0.5 * (hi - lo).sum()) / (n_pos * n_neg))
