# mistake: sums the squared error over both classes (multi-class form), doubling the binary Brier score
# caught-by: Brier score: examples
import numpy as np


def brier_score(y_true, y_prob):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    probs = np.stack([1 - p, p], axis=1)  # (n, 2)
    onehot = np.stack([1 - y, y], axis=1)
    return float(np.mean(np.sum((probs - onehot) ** 2, axis=1)))


def expected_calibration_error(y_true, y_prob, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    bins = np.minimum(np.floor(p * n_bins).astype(int), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    gap = np.abs(np.bincount(bins, y, n_bins) - np.bincount(bins, p, n_bins))
    return float(gap[count > 0].sum() / len(p))
