# Another route: build the ROC curve (one point per distinct score) and integrate it
# with the trapezoidal rule; a group of tied scores becomes one diagonal segment.
import numpy as np


def roc_auc(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Trapezoidal area under the ROC curve."""
    y = np.asarray(y_true).astype(float)
    s = np.asarray(y_score, dtype=float)
    n_pos = y.sum()
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(-s, kind="stable")  # highest score first
    s, y = s[order], y[order]
    last_of_group = np.r_[s[1:] != s[:-1], True]  # thresholds sit between distinct scores
    tpr = np.r_[0.0, np.cumsum(y)[last_of_group] / n_pos]
    fpr = np.r_[0.0, np.cumsum(1.0 - y)[last_of_group] / n_neg]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))
