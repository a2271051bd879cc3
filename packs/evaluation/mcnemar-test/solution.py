import math

import numpy as np


def _binom_half_cdf(k: int, n: int) -> float:
    """P(X <= k) for X ~ Binomial(n, 1/2), in exact integer arithmetic."""
    term = total = 1  # C(n, 0)
    for i in range(k):
        term = term * (n - i) // (i + 1)  # C(n, i + 1), exact: the division leaves no remainder
        total += term
    return total / 2**n  # int / int: no overflow


def mcnemar_test(
    correct_a: np.ndarray, correct_b: np.ndarray, exact: bool = True
) -> tuple[float, float]:
    """McNemar's test on paired correctness: (statistic, two-sided p-value)."""
    a = np.asarray(correct_a).astype(bool)
    b = np.asarray(correct_b).astype(bool)
    only_a = int(np.sum(a & ~b))  # A right, B wrong
    only_b = int(np.sum(~a & b))  # B right, A wrong
    n = only_a + only_b
    if n == 0:
        return 0.0, 1.0
    if exact:
        k = min(only_a, only_b)
        return float(k), min(1.0, 2.0 * _binom_half_cdf(k, n))
    chi2 = max(abs(only_a - only_b) - 1, 0) ** 2 / n
    return float(chi2), math.erfc(math.sqrt(chi2 / 2.0))
