# mistake: shuffles the examples (sampling without replacement), so every replicate has the same mean
# caught-by: interval matches a long bootstrap run
import numpy as np


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    d = np.asarray(metric_b, dtype=float) - np.asarray(metric_a, dtype=float)
    rng = np.random.default_rng(seed)
    reps = np.array([d[rng.permutation(len(d))].mean() for _ in range(n_boot)])
    lo, hi = np.quantile(reps, [alpha / 2, 1 - alpha / 2])
    return float(d.mean()), float(lo), float(hi)
