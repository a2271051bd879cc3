# mistake: adds eps to every proportion instead of flooring it with max(p, eps)
# caught-by: empty bins stay finite
import numpy as np


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.quantile(expected, np.arange(1, n_bins) / n_bins)
    e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=n_bins) / len(expected)
    a = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=n_bins) / len(actual)
    e, a = e + eps, a + eps
    return float(np.sum((a - e) * np.log(a / e)))
