# mistake: splits the reference range into equal-width bins instead of quantile bins
# caught-by: a skewed feature
import numpy as np

def _proportions(edges, values, n_bins, eps):
    counts = np.bincount(np.searchsorted(edges, values, side="right"), minlength=n_bins)
    return np.maximum(counts / len(values), eps)


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    edges = np.linspace(expected.min(), expected.max(), n_bins + 1)[1:-1]
    e, a = _proportions(edges, expected, n_bins, eps), _proportions(edges, actual, n_bins, eps)
    return float(np.sum((a - e) * np.log(a / e)))
