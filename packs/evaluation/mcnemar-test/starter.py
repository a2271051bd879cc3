import numpy as np


def mcnemar_test(
    correct_a: np.ndarray, correct_b: np.ndarray, exact: bool = True
) -> tuple[float, float]:
    """McNemar's test on paired correctness: (statistic, two-sided p-value)."""
    raise NotImplementedError
