import numpy as np


def permutation_test(
    x: np.ndarray, y: np.ndarray, n_perm: int = 10_000, seed: int = 0
) -> tuple[float, float]:
    """Observed mean(x) - mean(y) and its two-sided Monte Carlo permutation p-value."""
    raise NotImplementedError
