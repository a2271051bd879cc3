# Count pairs directly but in O(n log n): sort the negatives once, then binary-search
# each positive to find how many negatives lie strictly below it and how many tie it.
import numpy as np


def roc_auc(y_true, y_score):
    """Pair counting with binary search."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    pos, neg = s[y], np.sort(s[~y])
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    below = np.searchsorted(neg, pos, side="left")
    below_or_tied = np.searchsorted(neg, pos, side="right")
    wins = below.sum() + 0.5 * (below_or_tied - below).sum()
    return wins / (len(pos) * len(neg))  # a numpy float64: accepted like a float
