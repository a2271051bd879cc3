# mistake: sums the gaps of the non-empty bins and divides by n_bins, as if every bin had equal weight
# caught-by: ECE: bins weighted by size
import numpy as np


def brier_score(y_true, y_prob):
    return float(np.mean((np.asarray(y_prob, dtype=float) - np.asarray(y_true, dtype=float)) ** 2))


def expected_calibration_error(y_true, y_prob, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    bins = np.minimum(np.floor(p * n_bins).astype(int), n_bins - 1)
    total = 0.0
    for b in range(n_bins):
        inside = bins == b
        if inside.any():
            total += abs(y[inside].mean() - p[inside].mean())
    return float(total / n_bins)
