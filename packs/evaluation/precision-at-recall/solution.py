import numpy as np


def precision_at_recall(
    y_true: np.ndarray, y_score: np.ndarray, min_recall: float
) -> tuple[float, float]:
    """Best precision over thresholds with recall >= min_recall, and that threshold."""
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    n_pos = y.sum()
    if n_pos == 0:
        return float("nan"), float("nan")
    order = np.argsort(-s, kind="stable")  # highest score first
    s, y = s[order], y[order]
    last_of_group = np.r_[s[1:] != s[:-1], True]  # one threshold per distinct score
    thresholds = s[last_of_group]  # (m,) decreasing
    tp = np.cumsum(y)[last_of_group]
    precision = tp / (np.flatnonzero(last_of_group) + 1)
    recall = tp / n_pos
    allowed = recall >= min_recall
    best = precision[allowed].max()
    k = np.flatnonzero(allowed & (precision == best))[0]  # the highest such threshold
    return float(precision[k]), float(thresholds[k])
