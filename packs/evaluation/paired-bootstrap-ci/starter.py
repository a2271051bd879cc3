import numpy as np


def paired_bootstrap_ci(
    metric_a: np.ndarray,
    metric_b: np.ndarray,
    n_boot: int = 2000,
    alpha: float = 0.05,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Observed mean(b) - mean(a) and its paired-bootstrap percentile interval."""
    raise NotImplementedError
