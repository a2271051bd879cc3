# mistake: a normal interval, delta +- 1.96 bootstrap standard errors, instead of the percentile interval
# caught-by: skewed differences: a percentile interval
import numpy as np
from statistics import NormalDist


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    d = np.asarray(metric_b, dtype=float) - np.asarray(metric_a, dtype=float)
    rng = np.random.default_rng(seed)
    replicates = d[rng.integers(0, len(d), size=(n_boot, len(d)))].mean(axis=1)
    z = NormalDist().inv_cdf(1 - alpha / 2)
    se = replicates.std()
    return float(d.mean()), float(d.mean() - z * se), float(d.mean() + z * se)
