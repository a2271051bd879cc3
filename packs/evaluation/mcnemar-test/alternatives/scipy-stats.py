# scipy.stats: a two-sided binomial test (for p = 1/2 it doubles the smaller tail) and
# the chi-square survival function.
import numpy as np
from scipy.stats import binomtest, chi2


def mcnemar_test(correct_a, correct_b, exact=True):
    """McNemar's test with scipy.stats."""
    a = np.asarray(correct_a).astype(bool)
    b = np.asarray(correct_b).astype(bool)
    only_a, only_b = int(np.sum(a & ~b)), int(np.sum(~a & b))
    if only_a + only_b == 0:
        return 0.0, 1.0
    if exact:
        k = min(only_a, only_b)
        return float(k), float(binomtest(k, only_a + only_b, 0.5).pvalue)
    stat = max(abs(only_a - only_b) - 1, 0) ** 2 / (only_a + only_b)
    return float(stat), float(chi2.sf(stat, df=1))
