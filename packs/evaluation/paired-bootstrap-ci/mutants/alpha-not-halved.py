# mistake: takes the alpha and 1 - alpha quantiles, a narrower (1 - 2*alpha) interval
# caught-by: interval matches a long bootstrap run
import numpy as np


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    d = np.asarray(metric_b, dtype=float) - np.asarray(metric_a, dtype=float)
    rng = np.random.default_rng(seed)
    reps = d[rng.integers(0, len(d), (n_boot, len(d)))].mean(axis=1)
    return float(d.mean()), float(np.quantile(reps, alpha)), float(np.quantile(reps, 1 - alpha))
