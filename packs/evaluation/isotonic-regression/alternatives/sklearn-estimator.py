# scikit-learn's estimator: positions 0..n-1 as the x values (all distinct, so its
# handling of tied x never applies), y as the targets, w as sample weights.
import numpy as np
from sklearn.isotonic import IsotonicRegression


def isotonic_regression(y, w=None, increasing=True):
    """IsotonicRegression.fit_transform on the positions."""
    y = np.asarray(y, dtype=float)
    if len(y) == 0:
        return np.zeros(0)
    model = IsotonicRegression(increasing=increasing)
    x = np.arange(len(y), dtype=float)
    return np.asarray(model.fit_transform(x, y, sample_weight=w), dtype=float)
