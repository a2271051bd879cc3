# mistake: bin index floor(p * n_bins) without clipping, so p == 1.0 forms an extra bin of its own
# caught-by: ECE: probabilities on bin edges
import numpy as np


def brier_score(y_true, y_prob):
    return float(np.mean((np.asarray(y_prob, dtype=float) - np.asarray(y_true, dtype=float)) ** 2))


def expected_calibration_error(y_true, y_prob, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    bins = (p * n_bins).astype(int)
    count = np.bincount(bins)
    acc = np.bincount(bins, weights=y) / np.maximum(count, 1)
    conf = np.bincount(bins, weights=p) / np.maximum(count, 1)
    return float(np.sum(count * np.abs(acc - conf)) / len(p))
