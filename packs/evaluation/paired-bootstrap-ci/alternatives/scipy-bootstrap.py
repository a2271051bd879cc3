# scipy.stats.bootstrap with paired=True resamples the two arrays with shared indices;
# method="percentile" gives the plain percentile interval.
import numpy as np
from scipy.stats import bootstrap


def paired_bootstrap_ci(metric_a, metric_b, n_boot=2000, alpha=0.05, seed=0):
    """scipy's paired percentile bootstrap."""
    a = np.asarray(metric_a, dtype=float)
    b = np.asarray(metric_b, dtype=float)
    delta = float(b.mean() - a.mean())
    if len(a) == 1 or np.all(b - a == b[0] - a[0]):
        return delta, delta, delta  # every replicate is the same: scipy would warn and return nan
    res = bootstrap((a, b), lambda x, y, axis=-1: y.mean(axis=axis) - x.mean(axis=axis),
                    paired=True, vectorized=True, n_resamples=n_boot,
                    confidence_level=1 - alpha, method="percentile",
                    rng=np.random.default_rng(seed))
    return delta, float(res.confidence_interval.low), float(res.confidence_interval.high)
