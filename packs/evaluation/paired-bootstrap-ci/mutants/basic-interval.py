# mistake: the basic (reflected) bootstrap interval, 2*delta minus the quantiles, instead of the quantiles themselves
# caught-by: skewed differences: a percentile interval
import numpy as np


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    d = np.asarray(metric_b, dtype=float) - np.asarray(metric_a, dtype=float)
    rng = np.random.default_rng(seed)
    replicates = d[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(axis=1)
    q_lo, q_hi = np.quantile(replicates, [alpha / 2, 1 - alpha / 2])
    delta = d.mean()
    return float(delta), float(2 * delta - q_hi), float(2 * delta - q_lo)
