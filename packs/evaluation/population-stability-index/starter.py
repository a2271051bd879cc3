import numpy as np


def population_stability_index(
    expected: np.ndarray, actual: np.ndarray, n_bins: int = 10, eps: float = 1e-4
) -> float:
    """PSI between a reference and a live sample, on quantile bins of the reference."""
    raise NotImplementedError
