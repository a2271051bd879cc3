# mistake: bins the confidence of the predicted class, max(p, 1 - p), against accuracy (the multi-class ECE), instead of P(y=1) against the positive rate
# caught-by: ECE: examples
import numpy as np


def brier_score(y_true, y_prob):
    return float(np.mean((np.asarray(y_prob, dtype=float) - np.asarray(y_true, dtype=float)) ** 2))


def expected_calibration_error(y_true, y_prob, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    conf = np.maximum(p, 1 - p)  # (n,) confidence of the predicted class
    correct = ((p >= 0.5) == (y == 1)).astype(float)
    bins = np.minimum(np.floor(conf * n_bins).astype(int), n_bins - 1)
    gap = np.abs(np.bincount(bins, correct, n_bins) - np.bincount(bins, conf, n_bins))
    return float(gap.sum() / len(p))
