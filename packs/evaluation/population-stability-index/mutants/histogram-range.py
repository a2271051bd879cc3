# mistake: bins with np.histogram between the reference min and max, silently dropping live values outside
# caught-by: values outside the reference range
import numpy as np


def population_stability_index(expected, actual, n_bins=10, eps=1e-4):
    expected, actual = np.asarray(expected, float), np.asarray(actual, float)
    bins = np.quantile(expected, np.linspace(0, 1, n_bins + 1))  # min, inner edges, max
    e = np.maximum(np.histogram(expected, bins)[0] / len(expected), eps)
    a = np.maximum(np.histogram(actual, bins)[0] / len(actual), eps)
    return float(np.sum((a - e) * np.log(a / e)))
