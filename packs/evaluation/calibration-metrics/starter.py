import numpy as np


def brier_score(y_true: np.ndarray, y_prob: np.ndarray) -> float:
    """Mean squared difference between predicted probability and outcome."""
    raise NotImplementedError


def expected_calibration_error(y_true: np.ndarray, y_prob: np.ndarray, n_bins: int = 10) -> float:
    """Size-weighted mean |accuracy - confidence| over equal-width probability bins."""
    raise NotImplementedError
