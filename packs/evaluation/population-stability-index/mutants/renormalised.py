# mistake: renormalises the floored proportions to sum to 1, which the statement rules out
# caught-by: empty bins stay finite
import numpy as np


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.quantile(expected, np.arange(1, n_bins) / n_bins)
    e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=n_bins) / len(expected)
    a = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=n_bins) / len(actual)
    e, a = np.maximum(e, eps), np.maximum(a, eps)
    e, a = e / e.sum(), a / a.sum()
    return float(np.sum((a - e) * np.log(a / e)))
