# Enumerate the distinct thresholds from the top and keep the best allowed one:
# O(n * distinct scores), plain and obviously right.
import numpy as np


def precision_at_recall(y_true, y_score, min_recall):
    """Brute force over thresholds."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    if not y.any():
        return (float("nan"), float("nan"))
    best_p, best_t = -1.0, float("nan")
    for t in np.unique(s)[::-1]:  # highest threshold first, so ">" keeps the highest on ties
        flagged = s >= t
        tp = int((flagged & y).sum())
        if tp / y.sum() >= min_recall and tp / flagged.sum() > best_p:
            best_p, best_t = tp / flagged.sum(), float(t)
    return (float(best_p), best_t)
