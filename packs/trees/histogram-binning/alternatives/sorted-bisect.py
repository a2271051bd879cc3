# Plain Python: sorted() for the present values, itertools.groupby for the distinct ones,
# and bisect_left (the count of cuts below a value) for every code.
import math
from bisect import bisect_left
from itertools import groupby

import numpy as np


def quantile_cuts(x, max_bins):
    s = sorted(float(v) for v in x if not math.isnan(v))
    if not s:
        return np.empty(0)
    distinct = [v for v, _ in groupby(s)]
    if len(distinct) <= max_bins:
        return np.array(distinct[:-1])
    n = len(s)
    cuts = []
    for j in range(1, max_bins):
        c = s[-(-j * n // max_bins) - 1]  # s[ceil(j n / B) - 1]
        if c < s[-1] and (not cuts or c > cuts[-1]):  # sorted picks: repeats are adjacent
            cuts.append(c)
    return np.array(cuts)


def bin_matrix(X, max_bins):
    n, d = X.shape
    codes = np.empty((n, d), dtype=np.int64)
    all_cuts = []
    for f in range(d):
        cuts = quantile_cuts(X[:, f], max_bins)
        as_list = cuts.tolist()
        for i in range(n):
            v = X[i, f]
            codes[i, f] = -1 if math.isnan(v) else bisect_left(as_list, v)
        all_cuts.append(cuts)
    return codes, all_cuts
