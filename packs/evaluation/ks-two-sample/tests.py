import math

import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _q(lam):
    """The Kolmogorov survival function (as scipy.special.kolmogorov), for the variants."""
    if lam <= 0:
        return 1.0
    if lam < 1.0:
        c = -(math.pi**2) / (8 * lam * lam)
        return 1.0 - math.sqrt(2 * math.pi) / lam * sum(math.exp(c * (2 * k - 1) ** 2) for k in range(1, 20))
    return sum(2.0 * (-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))


def _d(x, y, at):
    xs, ys = np.sort(np.asarray(x, float)), np.sort(np.asarray(y, float))
    return float(np.max(np.abs(np.searchsorted(xs, at, "right") / len(xs)
                               - np.searchsorted(ys, at, "right") / len(ys))))


def _with_n(x, y, n_eff, one_term=False):
    d = _d(x, y, np.concatenate([x, y]))
    lam = math.sqrt(n_eff) * d
    return d, (min(1.0, 2 * math.exp(-2 * lam * lam)) if one_term else _q(lam))


def _only_x(x, y):
    d = _d(x, y, np.asarray(x, float))
    return d, _q(math.sqrt(len(x) * len(y) / (len(x) + len(y))) * d)


def _exact_p(x, y):
    """scipy's default two-sided p-value: exact for small samples (computed only when needed)."""
    from scipy.stats import ks_2samp

    res = ks_2samp(x, y)
    return float(res.statistic), float(res.pvalue)


MISTAKES = {
    "p-value from scipy.stats.ks_2samp's default method, which is exact for small samples: "
    "the statement asks for the asymptotic Q(sqrt(n m / (n + m)) D)": _exact_p,
    "CDFs compared only at the values of x: the largest gap can sit where y jumps": _only_x,
    "effective size n + m: use n*m / (n + m)": lambda x, y: _with_n(x, y, len(x) + len(y)),
    "effective size n (the one-sample formula): use n*m / (n + m)": lambda x, y: _with_n(x, y, len(x)),
    "only the first term of the series, 2 exp(-2 lambda^2): sum the series (or use "
    "scipy.special.kolmogorov)": lambda x, y: _with_n(x, y, len(x) * len(y) / (len(x) + len(y)), True),
}

EXAMPLE = (np.array([1.2, 3.4, 2.2, 0.8, 2.9, 1.7]), np.array([2.5, 3.9, 4.1, 3.3, 2.8, 4.6, 3.0]))

suite.add(
    same_as_reference(
        "ks_two_sample",
        [
            Case.of(*EXAMPLE, label="the statement's example"),
            Case.of(np.array([1.0, 2.0, 3.0]), np.array([0.5, 0.6, 0.7, 4.0]),
                    label="the largest gap is where y jumps"),
            Case.of(np.array([0.3, 0.1, 0.2]), np.array([5.0, 6.0]), label="no overlap at all"),
        ],
        name="statistic and p-value: examples",
        rtol=1e-9,
        atol=1e-7,
        hint="evaluate both empirical CDFs at every pooled value; p = Q(sqrt(n m / (n + m)) D)",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "ks_two_sample",
        lambda rng: [Case.of(rng.normal(0.0, 1.0, 40), rng.normal(0.4, 1.0, 60),
                             label="40 vs 60 normal values, shifted by 0.4")],
        name="p-value on a moderate shift",
        rtol=1e-9,
        atol=1e-7,
        hint="the effective sample size is n*m / (n + m), and Q is an infinite alternating series",
        mistakes=MISTAKES,
    ),
)
