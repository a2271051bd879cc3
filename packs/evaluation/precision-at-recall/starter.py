import numpy as np


def precision_at_recall(
    y_true: np.ndarray, y_score: np.ndarray, min_recall: float
) -> tuple[float, float]:
    """Best precision over thresholds with recall >= min_recall, and that threshold."""
    raise NotImplementedError
