# mistake: computes the quantile edges from the live sample instead of the reference sample
# caught-by: example from the statement
import numpy as np

def _proportions(edges, values, n_bins, eps):
    counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=n_bins)
    return np.maximum(counts / len(values), eps)


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.quantile(actual, np.arange(1, n_bins) / n_bins)
    e, a = _proportions(edges, expected, n_bins, eps), _proportions(edges, actual, n_bins, eps)
    return float(np.sum((a - e) * np.log(a / e)))
