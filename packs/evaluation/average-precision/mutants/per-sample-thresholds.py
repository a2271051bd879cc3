# mistake: averages the precision at each positive's rank, so tied scores are split by storage order
# caught-by: tied scores
import numpy as np


def average_precision(y_true, y_score):
    y = np.asarray(y_true).astype(float)
    if y.sum() == 0:
        return float("nan")
    y = y[np.argsort(-np.asarray(y_score, dtype=float), kind="stable")]
    precision_at_k = np.cumsum(y) / np.arange(1, len(y) + 1)
    return float(precision_at_k[y == 1].mean())
