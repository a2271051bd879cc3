from mldrills.checks import Case, Suite, complexity

suite = Suite()


def _case(n, rng):
    return Case.of([int(v) for v in rng.integers(0, 10**9, n)])


suite.add(
    complexity(
        "sort_numbers",
        _case,
        n=250,
        max_n=4_000,
        name="grows like n log n",
        hint="insertion sort is quadratic",
    )
)
