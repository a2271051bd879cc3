import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()

EXAMPLE = np.array([5.0, 1.0, 3.0, 3.0, 3.0, 9.0, 7.0, 2.0, np.nan, 8.0])


def right_open_codes(X, cuts):
    """The codes if bins were closed on the left (a value equal to a cut goes up)."""
    codes = np.full(X.shape, -1)
    for f, c in enumerate(cuts):
        ok = ~np.isnan(X[:, f])
        codes[ok, f] = np.searchsorted(c, X[ok, f], side="right")
    return codes


def compare_binned(X, max_bins):
    """A comparison for bin_matrix: codes exactly, then cut points."""

    def check(got, expected, inputs):
        compare.is_true(
            isinstance(got, list | tuple) and len(got) == 2,
            f"expected (codes, cuts), got {compare.short(got)}",
            inputs=inputs,
        )
        codes, cuts = got
        exp_codes, exp_cuts = expected
        compare.is_true(
            isinstance(codes, np.ndarray) and codes.dtype.kind in "iu",
            f"codes must be an integer array, got {compare.short(codes)}",
            inputs=inputs,
        )
        compare.close(
            codes,
            exp_codes,
            what="codes",
            rtol=0,
            atol=0,
            inputs=inputs,
            diagnose={
                "bins closed on the left: a value equal to a cut must stay in the lower bin": right_open_codes(
                    X, exp_cuts
                ),
                "missing values not coded -1": np.where(exp_codes < 0, len(exp_cuts[0]), exp_codes),
            },
        )
        compare.is_true(
            isinstance(cuts, list | tuple) and len(cuts) == len(exp_cuts),
            f"expected a list of {len(exp_cuts)} cut arrays, got {compare.short(cuts)}",
            inputs=inputs,
        )
        for f, (c, e) in enumerate(zip(cuts, exp_cuts)):
            compare.close(
                np.asarray(c, dtype=float), e, what=f"cuts[{f}]", rtol=1e-12, atol=0, inputs=inputs
            )

    return check


def binned_case(X, max_bins, label):
    return Case.of(X, max_bins, label=label)


suite.add(
    same_as_reference(
        "quantile_cuts",
        [
            Case.of(EXAMPLE, 4, label="the statement's example"),
            Case.of(np.array([3.0, 1.0, 2.0, 1.0, 3.0]), 4, label="three distinct values"),
            Case.of(np.arange(1.0, 13.0), 4, label="1..12 into 4 bins"),
        ],
        name="cut points from the statement",
        rtol=1e-12,
        atol=0,
        hint="k_j = ceil(j*n/B) - 1 on the sorted present values; drop repeats and the maximum",
    ),
)


@suite.check("codes from the statement", hint="bins are closed on the right; NaN gets the code -1")
def statement_codes(t):
    for X, B in (
        (EXAMPLE[:, None], 4),
        (np.column_stack([np.arange(1.0, 13.0), np.r_[5.0:17.0]]), 4),
    ):
        expected = t.ref.bin_matrix(X.copy(), B)
        got = t.sub.bin_matrix(X, B)
        compare_binned(X, B)(got, expected, f"X of shape {X.shape}, max_bins={B}")
