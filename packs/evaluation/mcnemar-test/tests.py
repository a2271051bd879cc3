import math

import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _counts(a, b):
    a, b = np.asarray(a).astype(bool), np.asarray(b).astype(bool)
    return int(np.sum(a & ~b)), int(np.sum(~a & b)), len(a)


def _cdf(k, n):
    return sum(math.comb(n, i) for i in range(k + 1)) / 2**n


def _one_sided(a, b, exact=True):
    x, y, _ = _counts(a, b)
    return float(min(x, y)), _cdf(min(x, y), x + y)


def _chi2(stat):
    return stat, math.erfc(math.sqrt(stat / 2))


def _no_correction(a, b, exact=True):
    x, y, _ = _counts(a, b)
    return _chi2((x - y) ** 2 / (x + y))


def _over_n(a, b, exact=True):
    x, y, n = _counts(a, b)
    return _chi2(max(abs(x - y) - 1, 0) ** 2 / n)


def _mid_p(a, b, exact=True):
    x, y, _ = _counts(a, b)
    k = min(x, y)
    return float(k), min(1.0, 2 * (_cdf(k, x + y) - math.comb(x + y, k) / 2 ** (x + y) / 2))


MISTAKES = {
    "mid-p value (half of P(X = min(b, c)) left out): the statement's p-value is the exact "
    "tail 2 * P(X <= min(b, c))": _mid_p,
    "one-sided p-value: the two-sided p doubles the tail, 2 * P(X <= min(b, c))": _one_sided,
    "no continuity correction: use (|b - c| - 1)^2 / (b + c)": _no_correction,
    "divided by all n examples: only the b + c disagreements enter the test": _over_n,
}


def _pairs(only_a, only_b, both_right, both_wrong):
    """Correctness arrays with the given numbers of each kind of example."""
    a = [1] * only_a + [0] * only_b + [1] * both_right + [0] * both_wrong
    b = [0] * only_a + [1] * only_b + [1] * both_right + [0] * both_wrong
    return np.array(a), np.array(b)


suite.add(
    same_as_reference(
        "mcnemar_test",
        [
            Case.of(*_pairs(12, 4, 70, 14), exact=True, label="the statement's example (b=12, c=4)"),
            Case.of(*_pairs(3, 15, 50, 2), exact=True, label="b=3, c=15"),
        ],
        name="exact test: examples",
        rtol=1e-9,
        atol=1e-12,
        hint="the p-value doubles the smaller tail of Binomial(b + c, 1/2), capped at 1",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "mcnemar_test",
        [
            Case.of(*_pairs(12, 4, 70, 14), exact=False, label="the statement's example (b=12, c=4)"),
            Case.of(*_pairs(30, 12, 400, 58), exact=False, label="b=30, c=12, 500 examples"),
        ],
        name="chi-square form: examples",
        rtol=1e-9,
        atol=1e-12,
        hint="only the disagreements count, and the statistic has a continuity correction",
        mistakes=MISTAKES,
    ),
)
