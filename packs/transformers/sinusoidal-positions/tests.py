from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()
FN = "sinusoidal_positions"


def check_table(t, n, d, base=None, *, what, rtol=1e-5, atol=1e-5):
    args = (n, d) if base is None else (n, d, base)
    got, expected = tc.run_both(t, FN, *args)
    tc.close(
        got,
        expected,
        what=f"{FN}{args} ({what})",
        variants=lambda: tc.sinusoidal_variants(n, d, base=10000.0 if base is None else base),
        rtol=rtol,
        atol=atol,
    )
    return got


@suite.check(
    "the example from the statement", hint="row p, pair i: sin and cos of p * base^(-2i/d)"
)
def example(t):
    check_table(t, 3, 4, what="3 positions, d_model 4")


@suite.check(
    "shape, dtype and a (50, 16) table",
    hint="one row per position, float32",
)
def matches(t):
    got = compare.as_array(t.sub.sinusoidal_positions(50, 16), f"{FN}(50, 16)")
    compare.equal(list(got.shape), [50, 16], what=f"shape of {FN}(50, 16)")
    compare.equal(str(got.dtype), "float32", what=f"dtype of {FN}(50, 16)")
    check_table(t, 50, 16, what="50 positions, d_model 16")
