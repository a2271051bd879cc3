# A merge of the two sorted samples that advances past every copy of the current value
# in both samples before measuring the gap; scipy only for the Kolmogorov tail.
import math

import numpy as np
from scipy.special import kolmogorov


def ks_two_sample(x, y):
    """KS statistic by a two-pointer sweep."""
    xs, ys = np.sort(np.asarray(x, dtype=float)), np.sort(np.asarray(y, dtype=float))
    n, m = len(xs), len(ys)
    i = j = 0
    d = 0.0
    while i < n or j < m:
        t = min(xs[i] if i < n else math.inf, ys[j] if j < m else math.inf)
        while i < n and xs[i] == t:
            i += 1
        while j < m and ys[j] == t:
            j += 1
        d = max(d, abs(i / n - j / m))
    return d, float(kolmogorov(math.sqrt(n * m / (n + m)) * d))
