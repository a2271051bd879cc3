# Another way to draw a bootstrap replicate: how many times each example is picked is
# Multinomial(n, 1/n each), so a replicate's mean difference is counts @ d / n. A loop
# over replicates, one multinomial draw each.
import numpy as np


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    """Paired bootstrap via multinomial resampling counts."""
    d = np.asarray(metric_b, dtype=float) - np.asarray(metric_a, dtype=float)
    n = len(d)
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot)  # (n_boot, n)
    replicates = counts @ d / n
    lo = np.quantile(replicates, alpha / 2)
    hi = np.quantile(replicates, 1 - alpha / 2)
    return [float(d.mean()), float(lo), float(hi)]
