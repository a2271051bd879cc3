from mldrills.checks import Suite, compare

suite = Suite()

EXAMPLE = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]


def _feed(t, values):
    """A RunningStats in the learner's code that has seen ``values`` one at a time."""
    stats = t.sub.RunningStats()
    t.helper("call_methods", stats, [["update", x] for x in values])  # one round trip
    return stats


@suite.check("example from the statement", hint="variance(ddof) divides by count - ddof")
def example(t):
    stats = _feed(t, EXAMPLE)
    inputs = f"update() with {EXAMPLE}"
    compare.equal(stats.count._get(), 8, what="count", inputs=inputs)
    compare.close(stats.mean._get(), 5.0, what="mean", inputs=inputs)
    compare.close(
        stats.variance(),
        4.0,
        what="variance()",
        inputs=inputs,
        diagnose={"divides by count - 1 even when ddof=0": 32 / 7},
    )
    compare.close(
        stats.variance(ddof=1),
        32 / 7,
        what="variance(ddof=1)",
        inputs=inputs,
        diagnose={"ignores ddof and always divides by count": 4.0},
    )


@suite.check(
    "merge example",
    hint="the merged mean weights each side by its count; the spread between the two "
    "means adds to the squared deviations",
)
def merge_example(t):
    a, b = _feed(t, [1.0, 2.0, 3.0]), _feed(t, [10.0, 20.0])
    ab = a.merge(b)
    inputs = "a saw [1.0, 2.0, 3.0], b saw [10.0, 20.0]; a.merge(b)"
    compare.equal(ab.count._get(), 5, what="merged count", inputs=inputs)
    compare.close(
        ab.mean._get(),
        7.2,
        what="merged mean",
        inputs=inputs,
        diagnose={"averages the two means without weighting them by count": 8.5},
    )
    compare.close(
        ab.variance(),
        50.96,
        what="merged variance()",
        inputs=inputs,
        diagnose={
            "adds the two sums of squared deviations without the term for the gap "
            "between the means": (2.0 + 50.0) / 5
        },
    )
