import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Case, Suite, complexity, same_as_reference


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_bins_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


def binned(cases, name, hint):
    """same_as_reference for bin_matrix, one comparison per case."""

    def run(t):
        for X, B, label in cases(t.rng):
            expected = t.ref.bin_matrix(X.copy(), B)
            got = t.sub.bin_matrix(X, B)
            V.compare_binned(X, B)(got, expected, f"{label}: X of shape {X.shape}, max_bins={B}")

    suite.check(name, hint=hint)(run)


def tied(rng):
    skewed = np.minimum(rng.geometric(0.3, 200), 12).astype(float)  # many repeats of small values
    halves = np.repeat([0.0, 1.0], [150, 50])
    return [
        (np.column_stack([skewed, halves]), 8, "heavily tied integers"),
        (
            np.repeat([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [40, 1, 1, 1, 1, 40])[:, None],
            4,
            "ties at both ends",
        ),
        (
            rng.integers(0, 40, (6000, 1)).astype(float) ** 2,  # ~150 copies of each value
            32,
            "ties at scale: 6000 rows on 40 values",
        ),
    ]


def few_values(rng):
    binary = rng.integers(0, 2, 50).astype(float)
    three = rng.choice([-1.5, 0.0, 2.5], 50)
    return [
        (np.column_stack([binary, three]), 256, "binary and 3-valued features, 256 bins"),
        (np.arange(8.0)[:, None], 8, "exactly max_bins distinct values"),
        (
            np.repeat([0.0, 1.0, 2.0], [60, 1, 39])[:, None],
            4,
            "a rare value between two common ones",
        ),
    ]


def missing(rng):
    col = rng.normal(size=40)
    col[rng.choice(40, 10, replace=False)] = np.nan
    all_nan = np.full(40, np.nan)
    one = np.full(40, np.nan)
    one[7] = 3.0
    return [(np.column_stack([col, all_nan, one]), 5, "NaN mixed in, all NaN, one present value")]


def constant(rng):
    return [
        (np.full((20, 1), 4.2), 16, "a constant feature"),
        (np.array([[1.0]]), 2, "a single row"),
    ]


def random_matrices(rng):
    out = []
    for n, d, B in ((100, 3, 10), (257, 2, 32), (1000, 2, 256), (30, 4, 2)):
        X = rng.normal(size=(n, d)) * rng.choice([1.0, 1e6], d)
        X[:, 0] = np.round(X[:, 0], 1)  # some ties in the first column
        out.append((X, B, f"{n} random rows"))
    return out


binned(
    tied, "tied values", "equal values must share a bin; repeated quantiles collapse into one cut"
)
binned(
    few_values,
    "few distinct values",
    "with at most max_bins distinct values each one gets its own bin",
)
binned(
    missing,
    "missing values",
    "set NaN aside before sorting: it gets the code -1 and never becomes a cut",
)
binned(constant, "constant features and tiny inputs", "one distinct value needs no cut at all")
binned(
    random_matrices,
    "random matrices",
    "each feature gets its own cuts; large magnitudes change nothing",
)

suite.add(
    same_as_reference(
        "quantile_cuts",
        [
            Case.of(np.arange(1.0, 101.0), 3, label="1..100 into 3 bins"),
            Case.of(np.arange(1.0, 8.0), 2, label="1..7 into 2 bins"),
            Case.of(np.array([2.0, np.nan, 1.0]), 4, label="NaN and two values"),
            # j*n/B is a whole number for every j; in floating point 9/11 * 77 is a hair
            # above 63, so a float quantile position picks s[63] instead of s[62]
            Case.of(np.arange(77.0), 11, label="0..76 into 11 bins"),
        ],
        name="rounding of the quantile positions",
        rtol=1e-12,
        atol=0,
        hint="k_j = ceil(j*n/B) - 1, in integer arithmetic",
    ),
    complexity(
        "bin_matrix",
        lambda n, rng: Case.of(rng.normal(size=(n, 2)), 64),
        n=2_000,
        max_n=32_000,
        legacy_sizes=(500, 64_000),  # the CPU-only method's n, max_n
        # the list-`in` mutant's quadratic scan is in C, so only CPU time sees it, and at
        # n <= 2,000 its Python loop still hides half of the growth; a 0.3 s target lets it
        # reach n=8,000 (about 1 s) while the reference stays at 6 ms for n=32,000
        target_seconds=0.3,
        name="runs in O(n log n)",
        hint="sort once per feature and binary-search the cuts",
    ),
)
