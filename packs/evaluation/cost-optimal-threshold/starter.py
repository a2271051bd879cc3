import numpy as np


def cost_optimal_threshold(
    y_true: np.ndarray, y_score: np.ndarray, cost_fp: float, cost_fn: float
) -> tuple[float, float]:
    """The threshold (a distinct score or inf) with the least total cost, and that cost."""
    raise NotImplementedError
