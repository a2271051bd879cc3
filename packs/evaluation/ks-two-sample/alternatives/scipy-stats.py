# scipy for both parts: ks_2samp's statistic (its p-value is exact for small samples,
# so take the asymptotic one from the limiting distribution, kstwobign).
import math

from scipy.stats import ks_2samp, kstwobign


def ks_two_sample(x, y):
    """scipy's statistic with Smirnov's asymptotic p-value."""
    d = float(ks_2samp(x, y).statistic)
    n_eff = len(x) * len(y) / (len(x) + len(y))
    return d, float(kstwobign.sf(math.sqrt(n_eff) * d))
