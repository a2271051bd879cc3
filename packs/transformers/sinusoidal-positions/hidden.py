import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()
FN = "sinusoidal_positions"


def _check(t, n, d, base=None, *, what, rtol=1e-5, atol=1e-5):
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
    return compare.as_array(got, f"{FN}{args}")


@suite.check("a custom base", hint="the frequencies come from the base you are given")
def custom_base(t):
    _check(t, 20, 8, 100.0, what="base 100")


@suite.check(
    "long tables stay accurate",
    hint="compute the angles before converting to float32, or at least avoid extra rounding",
)
def long(t):
    _check(t, 2048, 16, what="2048 positions", atol=1e-3)


@suite.check(
    "edge sizes: 0 and 1 positions, d_model = 2",
    hint="arange and outer products handle empty and single rows without special cases",
)
def edges(t):
    got = _check(t, 0, 8, what="no positions")
    compare.equal(list(got.shape), [0, 8], what=f"shape of {FN}(0, 8)")
    _check(t, 1, 8, what="a single position: [0, 1, 0, 1, ...]")
    _check(t, 7, 2, what="a single frequency pair")


@suite.check(
    "dot products depend only on the offset",
    hint="sin(a)sin(b) + cos(a)cos(b) = cos(a - b) when both columns of a pair share a frequency",
)
def relative(t):
    pe = compare.as_array(t.sub.sinusoidal_positions(40, 16), f"{FN}(40, 16)").astype(float)
    for k in (1, 5):
        dots = np.einsum("pd,pd->p", pe[:-k], pe[k:])  # PE[p] . PE[p + k] for every p
        compare.close(
            dots,
            np.full_like(dots, dots[0]),
            rtol=1e-4,
            atol=1e-4,
            what=f"PE[p] @ PE[p + {k}] for p = 0..{39 - k} (should be the same for every p)",
        )
