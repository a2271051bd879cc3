# The library call. When every value is identical (sigma = 0), SciPy 1.17 already returns
# p = 1.0: with the continuity correction z = (0 - 1/2) / 0 = -inf, and 2 * sf(-inf) = 2 is
# clipped to 1. (Releases before 1.7 raised ValueError there; the project needs SciPy
# 1.13 or newer.) The NaN guard below is only defensive.
import math

from scipy.stats import mannwhitneyu


def mann_whitney_u(x, y):
    """scipy's asymptotic Mann-Whitney U test."""
    res = mannwhitneyu(x, y, method="asymptotic", use_continuity=True)
    p = float(res.pvalue)
    return float(res.statistic), 1.0 if math.isnan(p) else p
