# The library call; scipy returns nan for the p-value when every value is identical.
import math

from scipy.stats import mannwhitneyu


def mann_whitney_u(x, y):
    """scipy's asymptotic Mann-Whitney U test."""
    res = mannwhitneyu(x, y, method="asymptotic", use_continuity=True)
    p = float(res.pvalue)
    return float(res.statistic), 1.0 if math.isnan(p) else p
