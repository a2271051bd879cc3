# A different algorithm: the isotonic fit is the slope of the greatest convex minorant
# of the cumulative sum diagram, the points (W_k, S_k) = (sum of w, sum of w*y) over the
# first k values. Build that lower convex hull with a monotone-chain stack, then read
# each segment's slope as the fitted value of the positions it spans.
from itertools import pairwise

import numpy as np


def isotonic_regression(y, w=None, increasing=True):
    """Slopes of the greatest convex minorant of the cumulative sum diagram."""
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    if not increasing:
        return -isotonic_regression(-y, w)
    cum_w = np.r_[0.0, np.cumsum(w)]  # (n + 1,)
    cum_s = np.r_[0.0, np.cumsum(w * y)]
    hull = [0]  # indices of the hull's corner points
    for k in range(1, len(cum_w)):
        while len(hull) > 1:
            i, j = hull[-2], hull[-1]
            # drop j if it lies on or above the segment from i to k (not convex from below)
            cross = ((cum_w[j] - cum_w[i]) * (cum_s[k] - cum_s[i])
                     - (cum_s[j] - cum_s[i]) * (cum_w[k] - cum_w[i]))
            if cross <= 0:
                hull.pop()
            else:
                break
        hull.append(k)
    fit = np.empty(len(y))
    for i, j in pairwise(hull):
        fit[i:j] = (cum_s[j] - cum_s[i]) / (cum_w[j] - cum_w[i])
    return fit
