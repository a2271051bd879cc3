import numpy as np


def paired_bootstrap_ci(
    metric_a: np.ndarray,
    metric_b: np.ndarray,
    n_boot: int = 2000,
    alpha: float = 0.05,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Observed mean(b) - mean(a) and its paired-bootstrap percentile interval."""
    a = np.asarray(metric_a, dtype=float)
    b = np.asarray(metric_b, dtype=float)
    d = b - a  # (n,) pairing: one difference per example
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(d), size=(n_boot, len(d)))  # (n_boot, n) resampled examples
    replicates = d[idx].mean(axis=1)  # (n_boot,)
    lo, hi = np.quantile(replicates, [alpha / 2, 1 - alpha / 2])
    return float(d.mean()), float(lo), float(hi)
