# np.histogram with the open outer edges made explicit: its bins are [lo, hi), like the
# statement's (the last one also closed on the right, at +inf, where it changes nothing).
import numpy as np


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    """PSI via np.histogram on [-inf, quantile edges..., +inf]."""
    inner = np.quantile(np.asarray(expected, dtype=float), np.linspace(0, 1, n_bins + 1)[1:-1])
    bins = np.concatenate([[-np.inf], inner, [np.inf]])
    e = np.histogram(expected, bins)[0] / len(expected)
    a = np.histogram(actual, bins)[0] / len(actual)
    e, a = np.clip(e, eps, None), np.clip(a, eps, None)
    return float(((a - e) * (np.log(a) - np.log(e))).sum())
