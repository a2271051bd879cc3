# mistake: takes the cuts from np.quantile(..., method="inverted_cdf") at q = j/B, whose floating-point n*q can land just above an integer j*n/B and pick the next value
# caught-by: rounding of the quantile positions
import numpy as np


def quantile_cuts(x, max_bins):
    present = x[~np.isnan(x)]
    distinct = np.unique(present)
    if distinct.size <= max_bins:
        return distinct[:-1]
    qs = np.arange(1, max_bins) / max_bins
    cuts = np.unique(np.quantile(present, qs, method="inverted_cdf"))
    return cuts[cuts < distinct[-1]]


def bin_matrix(X, max_bins):
    cuts = [quantile_cuts(X[:, f], max_bins) for f in range(X.shape[1])]
    codes = np.column_stack([np.digitize(X[:, f], c, right=True) for f, c in enumerate(cuts)])
    return np.where(np.isnan(X), -1, codes), cuts
