# mistake: takes the log of raw proportions, so an empty bin gives inf or nan
# caught-by: empty bins stay finite
import numpy as np


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.quantile(expected, np.arange(1, n_bins) / n_bins)
    e = np.bincount(np.searchsorted(edges, expected, side="right"), minlength=n_bins) / len(expected)
    a = np.bincount(np.searchsorted(edges, actual, side="right"), minlength=n_bins) / len(actual)
    return float(np.sum((a - e) * np.log(a / e)))
