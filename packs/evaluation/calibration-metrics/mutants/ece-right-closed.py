# mistake: bins closed on the right (a, b] via searchsorted's default side, so edge values land one bin low
# caught-by: ECE: probabilities on bin edges
import numpy as np


def brier_score(y_true, y_prob):
    return float(np.mean((np.asarray(y_prob, dtype=float) - np.asarray(y_true, dtype=float)) ** 2))


def expected_calibration_error(y_true, y_prob, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bins = np.searchsorted(edges[1:-1], p)  # side="left": p == edge goes to the lower bin
    count = np.bincount(bins, minlength=n_bins)
    gap = np.abs(np.bincount(bins, y, n_bins) - np.bincount(bins, p, n_bins))
    return float(gap[count > 0].sum() / len(p))
