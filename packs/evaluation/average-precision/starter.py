import numpy as np


def average_precision(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Step-wise area under the precision-recall curve (scikit-learn's convention)."""
    raise NotImplementedError
