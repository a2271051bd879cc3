# mistake: assigns a value equal to an edge to the bin below (searchsorted's default side="left")
# caught-by: integer-valued feature
import numpy as np


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.quantile(expected, np.arange(1, n_bins) / n_bins)
    e = np.maximum(np.bincount(np.searchsorted(edges, expected), minlength=n_bins) / len(expected), eps)
    a = np.maximum(np.bincount(np.searchsorted(edges, actual), minlength=n_bins) / len(actual), eps)
    return float(np.sum((a - e) * np.log(a / e)))
