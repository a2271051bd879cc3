# mistake: seeds the generator with a constant instead of the seed argument
# caught-by: another seed gives other replicates
import numpy as np


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    d = np.asarray(metric_b, dtype=float) - np.asarray(metric_a, dtype=float)
    rng = np.random.default_rng(42)
    reps = d[rng.integers(0, len(d), (n_boot, len(d)))].mean(axis=1)
    lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    return float(d.mean()), float(lo), float(hi)
