import numpy as np


def average_precision(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Step-wise area under the precision-recall curve (scikit-learn's convention)."""
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    n_pos = y.sum()
    if n_pos == 0:
        return float("nan")
    order = np.argsort(-s, kind="stable")  # highest score first
    s, y = s[order], y[order]
    # a threshold closes after the last sample of each group of equal scores
    last_of_group = np.r_[s[1:] != s[:-1], True]  # (n,)
    tp = np.cumsum(y)[last_of_group]  # (m,) true positives at each distinct threshold
    flagged = np.flatnonzero(last_of_group) + 1.0  # (m,) samples predicted positive
    precision = tp / flagged
    recall = tp / n_pos
    recall_gain = np.diff(recall, prepend=0.0)
    return float(np.sum(recall_gain * precision))
