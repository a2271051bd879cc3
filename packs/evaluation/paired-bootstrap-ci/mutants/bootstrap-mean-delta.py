# mistake: reports the mean of the bootstrap replicates as delta instead of the observed difference
# caught-by: delta is the observed difference
import numpy as np


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    d = np.asarray(metric_b, dtype=float) - np.asarray(metric_a, dtype=float)
    rng = np.random.default_rng(seed)
    reps = d[rng.integers(0, len(d), (n_boot, len(d)))].mean(axis=1)
    lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    return float(reps.mean()), float(lo), float(hi)
