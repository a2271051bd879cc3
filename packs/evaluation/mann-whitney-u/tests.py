import math

import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _variant(x, y, *, ties=True, continuity=True, average=True, two_sided=True, first_rank=1):
    """U of x and its p-value with one convention switched to a common mistake."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    pooled = np.concatenate([x, y])
    n_x, n_y, n = len(x), len(y), len(pooled)
    ordinal = np.empty(n)
    ordinal[np.argsort(pooled, kind="stable")] = np.arange(first_rank, n + first_rank)
    ranks = np.array([ordinal[pooled == v].mean() for v in pooled]) if average else ordinal
    u = ranks[:n_x].sum() - n_x * (n_x + 1) / 2
    _, counts = np.unique(pooled, return_counts=True)
    tie = np.sum(counts**3 - counts) / (n * (n - 1)) if ties else 0.0
    sd = math.sqrt(n_x * n_y / 12 * ((n + 1) - tie))
    z = (abs(u - n_x * n_y / 2) - (0.5 if continuity else 0.0)) / sd
    return float(u), min(1.0, math.erfc(z / math.sqrt(2)) / (1 if two_sided else 2))


def _scipy_default(x, y):
    """scipy's default method: an exact p-value for small samples without ties."""
    from scipy.stats import mannwhitneyu

    res = mannwhitneyu(x, y)
    return float(res.statistic), float(res.pvalue)


MISTAKES = {
    "p-value from scipy.stats.mannwhitneyu's default method, exact for small samples without "
    "ties: the statement asks for the normal approximation (method=\"asymptotic\")":
        _scipy_default,
    "no tie correction in the variance: subtract sum(t^3 - t) / (N (N - 1)) inside the brackets":
        lambda x, y: _variant(x, y, ties=False),
    "no continuity correction: z uses |U - mu| - 1/2": lambda x, y: _variant(x, y, continuity=False),
    "tied values got distinct ranks: give each the mean of the ranks it spans":
        lambda x, y: _variant(x, y, average=False),
    "one-sided p-value: double the upper tail for a two-sided test":
        lambda x, y: _variant(x, y, two_sided=False),
    "ranks counted from 0: they run from 1 to N": lambda x, y: _variant(x, y, first_rank=0),
    "U of y returned: the statement asks for the U of x":
        lambda x, y: (len(x) * len(y) - _variant(x, y)[0], _variant(x, y)[1]),
}

suite.add(
    same_as_reference(
        "mann_whitney_u",
        [
            Case.of(np.array([3.1, 4.5, 2.8, 5.0, 4.5, 3.9]),
                    np.array([2.2, 3.1, 1.9, 2.5, 3.0, 2.8, 2.0]), label="the statement's example"),
            Case.of(np.array([1.5, 0.2, 3.3, 2.1]), np.array([2.9, 4.4, 3.8, 1.1, 5.2]),
                    label="no ties, x tends to be smaller"),
        ],
        name="examples from the statement",
        rtol=1e-9,
        atol=1e-12,
        hint="U from the average ranks of x; z = (|U - mu| - 1/2) / sigma; p = erfc(z / sqrt 2)",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "mann_whitney_u",
        [
            Case.of(np.array([1, 2, 2, 3, 3, 3]), np.array([2, 3, 4, 4, 1]), label="small integers"),
            Case.of(np.array([0, 0, 1, 1, 1, 1]), np.array([0, 0, 0, 0, 1]), label="0/1 values"),
        ],
        name="tied values",
        rtol=1e-9,
        atol=1e-12,
        hint="ties share the average rank, and they shrink the variance of U",
        mistakes=MISTAKES,
    ),
)
