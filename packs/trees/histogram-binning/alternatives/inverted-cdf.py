# The rule s[ceil(j*n/B) - 1] is numpy's "inverted_cdf" quantile, and bins closed on the
# right are np.digitize(..., right=True). numpy computes n*q in floating point, though:
# for n = 77, B = 11, q = 9/11 gives 63.00000000000001 and ceil picks s[63], not s[62].
# Asking for q = (j - 1/2n) / B moves n*q half a rank step (1/2B) below j*n/B, which is
# far more than the rounding error and far less than the gap to the next integer.
import numpy as np


def quantile_cuts(x, max_bins):
    present = x[~np.isnan(x)]
    distinct = np.unique(present)
    if distinct.size <= max_bins:
        return distinct[:-1]
    n = present.size
    qs = (np.arange(1, max_bins) - 0.5 / n) / max_bins
    cuts = np.unique(np.quantile(present, qs, method="inverted_cdf"))
    return cuts[cuts < distinct[-1]]


def bin_matrix(X, max_bins):
    cuts = [quantile_cuts(X[:, f], max_bins) for f in range(X.shape[1])]
    codes = np.column_stack([np.digitize(X[:, f], c, right=True) for f, c in enumerate(cuts)])
    return np.where(np.isnan(X), -1, codes), cuts
