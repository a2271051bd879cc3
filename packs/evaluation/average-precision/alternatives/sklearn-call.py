# The library call, with the one convention that differs handled first.
import numpy as np
from sklearn.metrics import average_precision_score


def average_precision(y_true, y_score):
    """scikit-learn's average precision; nan when there is no positive."""
    if not np.any(y_true):
        return float("nan")  # scikit-learn warns and returns 0 here
    return float(average_precision_score(y_true, y_score))
