import numpy as np


def brier_score(y_true: np.ndarray, y_prob: np.ndarray) -> float:
    """Mean squared difference between predicted probability and outcome."""
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    return float(np.mean((p - y) ** 2))


def expected_calibration_error(y_true: np.ndarray, y_prob: np.ndarray, n_bins: int = 10) -> float:
    """Size-weighted mean |accuracy - confidence| over equal-width probability bins."""
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    bins = np.minimum(np.floor(p * n_bins).astype(int), n_bins - 1)  # (n,) 1.0 joins the last bin
    count = np.bincount(bins, minlength=n_bins)  # (B,)
    sum_y = np.bincount(bins, weights=y, minlength=n_bins)
    sum_p = np.bincount(bins, weights=p, minlength=n_bins)
    used = count > 0
    # n_b/n * |sum_y/n_b - sum_p/n_b| = |sum_y - sum_p| / n: the weights cancel the means
    return float(np.abs(sum_y[used] - sum_p[used]).sum() / len(p))
