# Brier from scikit-learn; ECE with explicit bin edges and a loop over bins, the way a
# reliability diagram is drawn.
import numpy as np
from sklearn.metrics import brier_score_loss


def brier_score(y_true, y_prob):
    """scikit-learn's binary Brier score."""
    return float(brier_score_loss(y_true, y_prob))


def expected_calibration_error(y_true, y_prob, n_bins=10):
    """Loop over bins [lo, hi), the last one closed."""
    y = np.asarray(y_true, dtype=float)
    p = np.asarray(y_prob, dtype=float)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ece = 0.0
    for b in range(n_bins):
        lo, hi = edges[b], edges[b + 1]
        inside = (p >= lo) & ((p < hi) if b < n_bins - 1 else (p <= hi))
        if inside.any():
            ece += inside.mean() * abs(y[inside].mean() - p[inside].mean())
    return float(ece)
