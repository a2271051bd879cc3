# Three weighted histograms over the same equal-width edges: np.histogram's bins are
# [lo, hi) with the last one closed, exactly the statement's convention.
import numpy as np


def brier_score(y_true, y_prob):
    """Squared distance between the probability and label vectors, over n."""
    diff = np.asarray(y_prob, dtype=float) - np.asarray(y_true, dtype=float)
    return float(diff @ diff / diff.size)


def expected_calibration_error(y_true, y_prob, n_bins=10):
    """Per bin |sum of labels - sum of probabilities|, summed, over n."""
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    sum_y, _ = np.histogram(p, bins=n_bins, range=(0.0, 1.0), weights=y)  # (B,)
    sum_p, _ = np.histogram(p, bins=n_bins, range=(0.0, 1.0), weights=p)  # (B,)
    # n_b/n * |mean_y - mean_p| = |sum_y - sum_p| / n, and an empty bin adds 0
    return float(np.abs(sum_y - sum_p).sum() / p.size)
