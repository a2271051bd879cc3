# mistake: flags score > t instead of score >= t, so each threshold is shifted by one group
# caught-by: examples from the statement
import numpy as np


def precision_at_recall(y_true, y_score, min_recall):
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    if not y.any():
        return float("nan"), float("nan")
    best = (-1.0, float("nan"))
    for t in np.unique(s)[::-1]:
        flagged = s > t
        if flagged.sum() == 0:
            continue
        tp = (flagged & y).sum()
        if tp / y.sum() >= min_recall and tp / flagged.sum() > best[0]:
            best = (float(tp / flagged.sum()), float(t))
    if best[0] < 0:  # nothing above the lowest score reached the recall: flag everything
        best = (float(y.mean()), float(s.min()))
    return best
