import numpy as np

from mldrills.checks import CheckFailed, Suite, compare
from mldrills.checks import torch as tc

suite = Suite()
FN = "scaled_dot_product_attention"
ROWS = "rows with every key blocked must come out as zeros (see the statement)"
BIG = "exp() of a score near 1e4 overflows to inf, and inf / inf is NaN"


def _check(t, q, k, v, mask=None, *, what, rtol=1e-5, atol=1e-6, finite=""):
    args = (q, k, v) if mask is None else (q, k, v, mask)
    got, expected = tc.run_both(t, FN, *args)
    shapes = ", ".join(
        f"{n} {a.shape} {a.dtype}" for n, a in zip(("q", "k", "v", "mask"), args, strict=False)
    )
    dtype = compare.as_array(got, "attention").dtype
    if dtype != q.dtype:
        why = " (a float64 input was downcast to float32)" if q.dtype == np.float64 else ""
        raise CheckFailed(
            f"attention ({what}), {shapes}: the result has dtype {dtype}, expected q's dtype "
            f"{q.dtype}{why}"
        )
    if finite:
        tc.check_finite(got, what=f"attention ({what})", inputs=shapes, why=finite)
    tc.close(
        got,
        expected,
        what=f"attention ({what})",
        inputs=shapes,
        variants=lambda: tc.sdpa_variants(q, k, v, mask=mask),
        rtol=rtol,
        atol=atol,
    )


def _qkv(t, *lead, tq=5, tk=5, d=8, dv=8, scale=1.0):
    q = tc.randn(t.rng, *lead, tq, d, scale=scale)
    return q, tc.randn(t.rng, *lead, tk, d, scale=scale), tc.randn(t.rng, *lead, tk, dv)


@suite.check(
    "additive mask: -inf blocks, finite values bias",
    hint="a float mask is added to the scores; only -inf entries remove a key",
)
def additive(t):
    q, k, v = _qkv(t, 2, 2)
    pos = np.arange(5)
    bias = (-0.5 * np.abs(pos[:, None] - pos[None, :])).astype(np.float32)  # a distance bias
    _check(t, q, k, v, bias, what="a finite distance bias, nothing blocked")
    blocked = np.where(np.tril(np.ones((5, 5), dtype=bool)), bias, -np.inf).astype(np.float32)
    _check(t, q, k, v, blocked, what="the bias plus -inf above the diagonal")


@suite.check(
    "fully masked rows give zeros, not NaN",
    hint="softmax of a row that is all -inf is 0/0; detect such rows and zero them",
)
def empty_rows(t):
    q, k, v = _qkv(t, 2, tq=4, tk=4)
    keep = t.rng.random((2, 4, 4)) < 0.6
    keep[:, 0] = False  # query 0 sees nothing
    keep[:, 1:, 0] = True
    _check(t, q, k, v, keep, what="boolean mask with an all-False row", finite=ROWS)
    additive = np.where(keep, 0.0, -np.inf).astype(np.float32)
    _check(t, q, k, v, additive, what="additive mask with an all -inf row", finite=ROWS)
    q, k, v = _qkv(t, 3, 2, tq=3, tk=4)
    padding = np.ones((3, 1, 1, 4), dtype=bool)
    padding[1] = False  # example 1 is all padding
    padding[2, ..., 2:] = False
    _check(
        t, q, k, v, padding, what="(B, 1, 1, Tk) padding mask, example 1 all padding", finite=ROWS
    )


@suite.check(
    "large scores stay finite",
    hint="exp(1e4) overflows float32; softmax does not change when a row's max is subtracted",
)
def large(t):
    q, k, v = _qkv(t, 2, tq=4, tk=6, d=16, scale=100.0)
    _check(t, q, k, v, what="scores around 1e4", rtol=1e-4, atol=1e-4, finite=BIG)
    causal = np.tril(np.ones((4, 6), dtype=bool))
    _check(t, q, k, v, causal, what="scores around 1e4, masked", rtol=1e-4, atol=1e-4, finite=BIG)
    # Every visible score is about -2e4 and every blocked one +2e4: a mask that writes a
    # finite value such as -1e4 into the blocked scores ranks them above the visible ones.
    # Scores of 2e4 in float32 are only exact to ~2e-3, hence the loose tolerance: a
    # leak moves the output by the whole difference between value rows.
    a = np.array([200.0, 200.0, -200.0], dtype=np.float32)
    q = np.zeros((3, 4), dtype=np.float32)
    q[:, 0] = a
    k = np.zeros((5, 4), dtype=np.float32)
    k[:, 0] = [-200.0, -199.99, 200.0, 200.0, -200.0]
    k[:, 1] = t.rng.standard_normal(5).astype(np.float32)
    v = tc.randn(t.rng, 5, 3)
    visible = np.array([[1, 1, 0, 0, 1], [1, 0, 0, 0, 0], [0, 0, 1, 1, 0]], dtype=bool)
    for mask, kind in ((visible, "boolean"), (np.where(visible, 0.0, -np.inf), "additive -inf")):
        _check(
            t,
            q,
            k,
            v,
            mask.astype(mask.dtype if kind == "boolean" else np.float32),
            what=f"visible scores near -2e4, blocked ones near +2e4, {kind} mask",
            rtol=5e-3,
            atol=5e-3,
            finite=BIG,
        )


@suite.check(
    "cross-attention: Tq != Tk and dv != d",
    hint="only q's last dimension sets the scale; the output has v's last dimension",
)
def cross(t):
    q, k, v = _qkv(t, 2, 3, tq=3, tk=7, d=8, dv=5)
    _check(t, q, k, v, what="Tq=3, Tk=7, d=8, dv=5")
    q, k, v = _qkv(t, 1, tq=1, tk=1, d=4, dv=2)
    _check(t, q, k, v, what="a single query and a single key")


@suite.check(
    "unbatched inputs and broadcast masks",
    hint="work on the last two axes only and let the mask broadcast",
)
def shapes(t):
    q, k, v = _qkv(t, tq=4, tk=6, d=8, dv=3)
    _check(t, q, k, v, what="2-D inputs, no leading axes")
    q, k, v = _qkv(t, 2, 3, tq=4, tk=4)
    mask = np.tril(np.ones((4, 4), dtype=bool))
    _check(t, q, k, v, mask, what="(4, 4) mask broadcast over (B, H) = (2, 3)")


@suite.check(
    "float64 inputs keep float64 precision",
    hint="do not cast to float32 anywhere along the way",
)
def float64(t):
    q, k, v = (a.astype(np.float64) for a in _qkv(t, 2, tq=4, tk=4, d=8))
    got, expected = tc.run_both(t, FN, q, k, v)
    try:
        tc.close(got, expected, what="attention on float64 inputs", rtol=1e-10, atol=1e-12)
    except CheckFailed as exc:
        err = np.abs(np.asarray(got, dtype=float) - expected).max()
        if 1e-9 < err < 1e-5:
            exc.hint = "likely mistake: part of the computation runs in float32 (errors ~1e-7)"
        raise


@suite.check(
    "inputs are left unchanged",
    hint="an in-place op such as q /= ... or mask.masked_fill_ changes the caller's tensor",
)
def unchanged(t):
    q, k, v = _qkv(t, 2, tq=3, tk=3, d=4)
    mask = np.where(np.tril(np.ones((3, 3), dtype=bool)), 0.0, -np.inf).astype(np.float32)
    tc.check_unchanged(t, getattr(t.sub, FN), q, k, v, mask, names=["q", "k", "v", "mask"])
