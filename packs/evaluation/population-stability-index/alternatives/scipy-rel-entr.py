# PSI is KL(a || e) + KL(e || a) on the floored bin shares, since
# (a - e) ln(a / e) = a ln(a / e) + e ln(e / a); scipy.special.rel_entr gives each term.
# Bins come from np.digitize, which puts a value equal to an edge in the bin above.
import numpy as np
from scipy.special import rel_entr


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    """Symmetric KL divergence of the binned shares, by scipy's elementwise x ln(x / y)."""
    expected = np.asarray(expected, dtype=float)
    actual = np.asarray(actual, dtype=float)
    edges = np.quantile(expected, np.arange(1, n_bins) / n_bins)  # (B - 1,) inner edges
    e = np.bincount(np.digitize(expected, edges), minlength=n_bins) / expected.size  # (B,)
    a = np.bincount(np.digitize(actual, edges), minlength=n_bins) / actual.size
    e, a = np.maximum(e, eps), np.maximum(a, eps)
    return float(np.sum(rel_entr(a, e) + rel_entr(e, a)))
