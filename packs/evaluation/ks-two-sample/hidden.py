import math

import numpy as np

from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _q(lam):
    if lam <= 0:
        return 1.0
    if lam < 1.0:
        c = -(math.pi**2) / (8 * lam * lam)
        return 1.0 - math.sqrt(2 * math.pi) / lam * sum(math.exp(c * (2 * k - 1) ** 2) for k in range(1, 20))
    return sum(2.0 * (-1) ** (k - 1) * math.exp(-2 * k * k * lam * lam) for k in range(1, 101))


def _mid_tie(x, y):
    """Walk the merged order one observation at a time, measuring the gap inside ties too."""
    n, m = len(x), len(y)
    merged = sorted([(float(v), 0) for v in x] + [(float(v), 1) for v in y])
    fx = fy = d = 0.0
    for _, which in merged:
        if which == 0:
            fx += 1 / n
        else:
            fy += 1 / m
        d = max(d, abs(fx - fy))
    return d, _q(math.sqrt(n * m / (n + m)) * d)


MISTAKES = {
    "gap measured halfway through a tie: count every observation equal to t on both sides "
    "before comparing": _mid_tie,
}


def _random_cases(rng):
    cases = []
    for n, m, shift in ((1, 5, 0.0), (30, 20, 0.3), (300, 500, 0.1), (2000, 1500, 0.05)):
        cases.append(Case.of(rng.normal(0, 1, n), rng.normal(shift, 1, m), label=f"n={n}, m={m}"))
    # ties at scale: thousands of values on 12 integers shared by both samples
    cases.append(Case.of(rng.integers(0, 12, 3000), rng.integers(1, 13, 2000),
                         label="3000 vs 2000 values on 12 shared integers"))
    return cases


suite.add(
    same_as_reference(
        "ks_two_sample",
        [
            Case.of(np.array([1, 2, 2, 3]), np.array([2, 2, 3, 3, 4]), label="integers shared by both"),
            Case.of(np.array([0, 0, 1, 1, 1]), np.array([0, 1]), label="two values only"),
            Case.of(np.array([5.0, 1.0]), np.array([1.0, 5.0, 5.0]), label="every value in both samples"),
        ],
        name="tied values",
        rtol=1e-9,
        atol=1e-7,
        hint="right-continuous CDFs: at a tied value, count all observations equal to it first",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "ks_two_sample",
        [
            Case.of(np.array([0.4, 1.1, 2.5]), np.array([2.5, 0.4, 1.1]), label="the same values"),
            Case.of(np.arange(500.0), np.arange(500.0) + 0.5, label="interleaved: D = 1/500"),
        ],
        name="identical samples give p = 1",
        rtol=1e-9,
        atol=1e-7,
        hint="at lambda = 0 the alternating series does not converge; Q(0) = 1",
    ),
    same_as_reference(
        "ks_two_sample",
        [
            Case.of(np.array([3.0]), np.array([1.0, 2.0, 4.0]), label="one observation in x"),
            Case.of(np.array([7.0, 7.0, 7.0]), np.array([7.0]), label="a single value everywhere"),
            Case.of(np.array([-1e12, 0.0, 1e12]), np.array([1e-12, 2e-12]), label="huge and tiny values"),
        ],
        name="edge cases",
        hint="even with one observation or one repeated value, both CDFs step at every pooled value",
        rtol=1e-9,
        atol=1e-7,
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "ks_two_sample",
        _random_cases,
        name="random inputs",
        hint="D from both CDFs at every pooled value; p = Q(sqrt(n m / (n + m)) D)",
        rtol=1e-9,
        atol=1e-7,
        mistakes=MISTAKES,
    ),
    complexity(
        "ks_two_sample",
        lambda n, rng: Case.of(rng.normal(0, 1, n // 2), rng.normal(0.1, 1, n - n // 2)),
        n=4_000,
        max_n=64_000,
        legacy_sizes=(250, 64_000),  # the CPU-only method's n, max_n
        name="runs in O(n log n)",
        hint="sort both samples once; binary search (or a merge) gives every CDF value",
        seconds=20,
    ),
)


@suite.check("inputs are left unchanged", hint="sort copies (np.sort), not the caller's arrays")
def inputs_unchanged(t):
    x, y = np.array([2.5, 0.3, 1.7, 0.9]), np.array([3.1, 0.2, 2.2])
    rx, ry = t.remote(x.copy()), t.remote(y.copy())
    t.sub.ks_two_sample(rx, ry)
    compare.equal(rx._get(), x, what="x after the call", inputs="x=[2.5, 0.3, 1.7, 0.9]")
    compare.equal(ry._get(), y, what="y after the call", inputs="y=[3.1, 0.2, 2.2]")
