import math

import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()


def _pairs(only_a, only_b, both_right, both_wrong):
    a = [1] * only_a + [0] * only_b + [1] * both_right + [0] * both_wrong
    b = [0] * only_a + [1] * only_b + [1] * both_right + [0] * both_wrong
    return np.array(a), np.array(b)


def _uncapped(a, b, exact=True):
    a, b = np.asarray(a).astype(bool), np.asarray(b).astype(bool)
    x, y = int(np.sum(a & ~b)), int(np.sum(~a & b))
    k = min(x, y)
    return float(k), 2 * sum(math.comb(x + y, i) for i in range(k + 1)) / 2 ** (x + y)


def _unclamped(a, b, exact=False):
    a, b = np.asarray(a).astype(bool), np.asarray(b).astype(bool)
    x, y = int(np.sum(a & ~b)), int(np.sum(~a & b))
    stat = (abs(x - y) - 1) ** 2 / (x + y)
    return stat, math.erfc(math.sqrt(stat / 2))


MISTAKES = {
    "p-value above 1: cap 2 * P(X <= min(b, c)) at 1": _uncapped,
    "|b - c| - 1 went negative before squaring: clamp it at 0": _unclamped,
}


def _random_cases(rng):
    cases = []
    for n, agree in ((10, 0.5), (80, 0.8), (400, 0.9)):
        a = rng.random(n) < 0.75
        b = np.where(rng.random(n) < agree, a, rng.random(n) < 0.6)
        for exact in (True, False):
            cases.append(Case.of(a, b, exact=exact, label=f"n={n}, exact={exact}"))
    return cases


suite.add(
    same_as_reference(
        "mcnemar_test",
        [
            Case.of(*_pairs(7, 7, 20, 5), exact=True, label="b = c = 7, exact"),
            Case.of(*_pairs(7, 7, 20, 5), exact=False, label="b = c = 7, chi-square"),
            Case.of(*_pairs(3, 4, 1, 0), exact=False, label="b=3, c=4, chi-square"),
        ],
        name="balanced disagreements",
        rtol=1e-9,
        atol=1e-12,
        hint="when b and c are (nearly) equal the evidence is nil: p must be 1, not more",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "mcnemar_test",
        [
            Case.of(*_pairs(0, 0, 30, 10), exact=True, label="identical predictions, exact"),
            Case.of(*_pairs(0, 0, 30, 10), exact=False, label="identical predictions, chi-square"),
        ],
        name="models never disagree",
        hint="with b + c = 0 the statement asks for (0.0, 1.0)",
    ),
    same_as_reference(
        "mcnemar_test",
        [
            Case.of(*_pairs(1400, 1600, 5000, 2000), exact=True, label="b=1400, c=1600, exact"),
            Case.of(*_pairs(1400, 1600, 5000, 2000), exact=False, label="b=1400, c=1600, chi-square"),
            Case.of(*_pairs(0, 1000, 0, 0), exact=True, label="b=0, c=1000: p = 2^-999"),
        ],
        name="thousands of disagreements",
        rtol=1e-6,
        atol=0.0,
        hint="0.5 ** 3000 underflows to 0 and comb(3000, k) overflows a float: use exact "
             "integers, logarithms or scipy.stats",
    ),
    same_as_reference(
        "mcnemar_test",
        [
            Case.of(np.array([True, False, True]), np.array([False, True, True]), exact=True,
                    label="boolean inputs"),
            Case.of(np.array([1]), np.array([0]), exact=True, label="one example"),
            Case.of(np.array([1]), np.array([0]), exact=False, label="one example, chi-square"),
        ],
        name="edge cases",
        hint="only the examples where the models disagree enter the test",
        rtol=1e-9,
        atol=1e-12,
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "mcnemar_test",
        _random_cases,
        name="random inputs",
        hint="count b and c from the disagreements only; cap the exact p-value at 1",
        rtol=1e-9,
        atol=1e-12,
        mistakes=MISTAKES,
    ),
)


@suite.check("agreements do not change the result",
             hint="examples both models get right (or both wrong) say nothing about which is better")
def agreements_ignored(t):
    base = t.sub.mcnemar_test(*_pairs(9, 3, 10, 2), False)
    more = t.sub.mcnemar_test(*_pairs(9, 3, 300, 90), False)
    compare.close(more, base, rtol=1e-12, atol=1e-15, what="(statistic, p) with 378 more agreements",
                  inputs="b=9, c=3; 12 agreements, then 390 agreements")
