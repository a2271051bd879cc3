# mistake: resamples the two models' scores with independent indices, ignoring the pairing
# caught-by: resamples the pairs together
import numpy as np


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    a = np.asarray(metric_a, dtype=float)
    b = np.asarray(metric_b, dtype=float)
    rng = np.random.default_rng(seed)
    n = len(a)
    reps = b[rng.integers(0, n, (n_boot, n))].mean(1) - a[rng.integers(0, n, (n_boot, n))].mean(1)
    lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    return float(b.mean() - a.mean()), float(lo), float(hi)
