# mistake: averages the per-bin gaps with equal weight instead of weighting by bin size
# caught-by: ECE: bins weighted by size
import numpy as np


def brier_score(y_true, y_prob):
    return float(np.mean((np.asarray(y_prob, dtype=float) - np.asarray(y_true, dtype=float)) ** 2))


def expected_calibration_error(y_true, y_prob, n_bins=10):
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    bins = np.minimum(np.floor(p * n_bins).astype(int), n_bins - 1)
    gaps = [abs(y[bins == b].mean() - p[bins == b].mean()) for b in range(n_bins) if np.any(bins == b)]
    return float(np.mean(gaps))
