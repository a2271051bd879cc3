import math

import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()


def _feed(t, values):
    """A RunningStats in the learner's code that has seen ``values`` one at a time."""
    stats = t.sub.RunningStats()
    t.helper("call_methods", stats, [["update", x] for x in values])  # one round trip
    return stats


def _naive_variance(values, ddof=0):
    """What the sum-of-squares shortcut computes in float64 (for naming that mistake)."""
    n, s, ss = 0, 0.0, 0.0
    for x in values:
        n, s, ss = n + 1, s + x, ss + x * x
    return (ss - s * s / n) / (n - ddof)


def _welford32(values):
    """Welford's mean with its state kept in float32 (for naming a float64 -> float32 downcast)."""
    mean = np.float32(0.0)
    for n, x in enumerate(values, start=1):
        mean = np.float32(mean + (np.float32(x) - mean) / np.float32(n))
    return float(mean)


def _expect_stats(stats, values, inputs, *, rtol=1e-7, naive=False):
    """Compare count, mean and both variances of a learner's object with numpy's two-pass values."""
    arr = np.asarray(values, dtype=float)
    compare.equal(stats.count._get(), len(values), what="count", inputs=inputs)
    compare.close(
        stats.mean._get(),
        arr.mean(),
        what="mean",
        inputs=inputs,
        rtol=1e-9,
        diagnose={
            "the running state is float32 (a float64 -> float32 downcast loses about "
            "8 of 16 significant digits)": _welford32(values)
        },
    )
    for ddof in (0, 1):
        diag = {}
        if naive:
            diag[
                "the sum-of-squares shortcut (mean of squares minus square of mean) "
                "cancels catastrophically when the values are large and close"
            ] = _naive_variance(values, ddof)
        compare.close(
            stats.variance(ddof=ddof),
            arr.var(ddof=ddof),
            what=f"variance(ddof={ddof})",
            inputs=inputs,
            rtol=rtol,
            atol=1e-12,
            diagnose=diag,
        )


@suite.check(
    "random streams",
    hint="update the sum of squared deviations with (x - old mean) * (x - new mean)",
)
def random_streams(t):
    for n, scale, offset in ((2, 1.0, 0.0), (7, 10.0, -3.0), (60, 0.01, 5.0), (150, 1e3, 0.0)):
        values = [float(v) for v in offset + scale * t.rng.standard_normal(n)]
        _expect_stats(_feed(t, values), values, f"{n} values, N({offset}, {scale}^2)")
    ints = [int(v) for v in t.rng.integers(-50, 50, 40)]
    _expect_stats(_feed(t, ints), ints, f"40 Python ints in [-50, 50): {ints[:6]}...")


@suite.check(
    "large offset (1e9 + small noise)",
    hint="never subtract two huge, nearly equal sums: track deviations from the running mean",
)
def large_offset(t):
    values = [float(v) for v in 1e9 + t.rng.standard_normal(400)]
    _expect_stats(_feed(t, values), values, "400 values 1e9 + N(0, 1)", rtol=1e-5, naive=True)


@suite.check(
    "too few values give nan",
    hint="count - ddof <= 0 means the variance is undefined: return nan, not 0 and not an error",
)
def too_few(t):
    empty = t.sub.RunningStats()
    compare.equal(empty.count._get(), 0, what="count before any update")
    for ddof in (0, 1):
        got = empty.variance(ddof=ddof)
        compare.is_true(
            isinstance(got, float) and math.isnan(got),
            f"variance(ddof={ddof}) with no values: expected nan, got {got!r}",
        )
    one = _feed(t, [3.5])
    compare.close(one.mean._get(), 3.5, what="mean", inputs="one value, 3.5")
    compare.close(one.variance(), 0.0, what="variance()", inputs="one value, 3.5")
    got = one.variance(ddof=1)
    compare.is_true(
        isinstance(got, float) and math.isnan(got),
        f"variance(ddof=1) with one value: expected nan, got {got!r}",
    )


@suite.check(
    "merge matches one long stream",
    hint="the merged sum of squared deviations needs a term for the gap between the two means, "
    "weighted by n_a * n_b / n",
)
def merge_matches(t):
    for n_a, n_b, offset in ((5, 9, 0.0), (1, 30, 4.0), (50, 3, 1e9)):
        values = [
            float(v) for v in offset + t.rng.standard_normal(n_a + n_b) * 3 + np.arange(n_a + n_b)
        ]
        a, b = _feed(t, values[:n_a]), _feed(t, values[n_a:])
        merged = a.merge(b)
        inputs = f"a saw {n_a} values, b the next {n_b} (offset {offset:g}); a.merge(b)"
        arr = np.asarray(values)
        tail = arr[n_a:].mean()
        head = arr[:n_a]
        compare.equal(merged.count._get(), n_a + n_b, what="merged count", inputs=inputs)
        compare.close(
            merged.mean._get(),
            arr.mean(),
            what="merged mean",
            inputs=inputs,
            rtol=1e-9,
            diagnose={
                "averages the two means without weighting them by count": (head.mean() + tail) / 2
            },
        )
        no_gap = (head.var() * n_a + arr[n_a:].var() * n_b) / (n_a + n_b)
        compare.close(
            merged.variance(),
            arr.var(),
            what="merged variance()",
            inputs=inputs,
            rtol=1e-5,
            diagnose={
                "adds the two sums of squared deviations without the term for the gap "
                "between the means": no_gap
            },
        )
        more = [float(v) for v in offset + t.rng.standard_normal(5)]
        t.helper("call_methods", merged, [["update", x] for x in more])
        _expect_stats(merged, values + more, inputs + ", then 5 more update() calls", rtol=1e-5)


@suite.check(
    "merge with an empty side",
    hint="an empty side contributes nothing; watch for dividing by a total count of zero",
)
def merge_empty(t):
    values = [1.5, -2.0, 4.25, 8.0]
    full, empty = _feed(t, values), t.sub.RunningStats()
    _expect_stats(full.merge(empty), values, "a saw 4 values, b none; a.merge(b)")
    _expect_stats(empty.merge(full), values, "a saw none, b saw 4 values; a.merge(b)")
    both = t.sub.RunningStats().merge(t.sub.RunningStats())
    compare.equal(both.count._get(), 0, what="count", inputs="two empty objects merged")
    got = both.variance()
    compare.is_true(
        isinstance(got, float) and math.isnan(got),
        f"variance() of two empty objects merged: expected nan, got {got!r}",
    )


@suite.check(
    "merge leaves its operands unchanged",
    hint="build and return a new RunningStats; do not update self (or other) in place",
)
def merge_pure(t):
    left, right = [1.0, 2.0, 6.0], [10.0, 11.0]
    a, b = _feed(t, left), _feed(t, right)
    merged = a.merge(b)
    merged.update(100.0)
    _expect_stats(a, left, "a after a.merge(b) and an update() of the merged object")
    _expect_stats(b, right, "b after a.merge(b) and an update() of the merged object")
