import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


def _layer_norm(x, w, b, eps):
    x = x.astype(np.float64)
    return (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + eps) * w + b


def _compare(t, x, *, d, eps=None, what, rtol=1e-4, atol=1e-5):
    pair = tc.build(t, "LayerNorm", d) if eps is None else tc.build(t, "LayerNorm", d, eps=eps)
    if x.dtype == np.float64:  # a float64 model: module.double() on both sides
        pair.sub.double()
        pair.ref.double()
    got, expected = pair.forward(x)
    dtype = compare.as_array(got, "output").dtype
    compare.is_true(
        dtype == x.dtype,
        f"LayerNorm({d})(x), {what}: the output has dtype {dtype}, the input {x.dtype}"
        + (
            "\n  likely mistake: a float64 input is downcast to float32 (a float32 constant or "
            "a .float() call), which loses precision the caller asked for"
            if x.dtype == np.float64
            else ""
        ),
    )
    label = f"LayerNorm({d}" + ("" if eps is None else f", eps={eps:g}") + ")(x)"
    tc.close(
        got,
        expected,
        what=f"{label}, {what}",
        inputs=f"x of shape {x.shape}, dtype {x.dtype}",
        variants=lambda: {
            **tc.layer_norm_variants(
                x, pair.params["weight"], pair.params["bias"], 1e-5 if eps is None else eps
            ),
            "the eps passed to the constructor is ignored (1e-5 is used)": _layer_norm(
                x, pair.params["weight"], pair.params["bias"], 1e-5
            ),
        },
        rtol=rtol,
        atol=atol,
    )
    return got


@suite.check(
    "each token is normalised on its own",
    hint="LayerNorm's statistics come from one token's features, never from other "
    "positions or other examples",
)
def per_token(t):
    pair = tc.build(t, "LayerNorm", 8)
    x = tc.randn(t.rng, 3, 5, 8)
    base = compare.as_array(pair.sub_fn(x), "LayerNorm(8)(x)")
    x2 = x.copy()
    x2[:, 2] = tc.randn(t.rng, 3, 8, scale=5.0)
    moved = compare.as_array(pair.sub_fn(x2), "LayerNorm(8)(x)")
    others = [i for i in range(5) if i != 2]
    if not np.allclose(moved[:, others], base[:, others], rtol=1e-5, atol=1e-6):
        t.fail(
            "changing only token 2 of each sequence changed the output at other positions: the "
            "statistics mix tokens\n  likely mistake: mean/variance over the wrong axis "
            "(dim=1, or several dims) instead of dim=-1"
        )
    tc.check_batch_independent(pair.sub_fn, x, t.rng, what="LayerNorm(8)(x)")
    _compare(t, x, d=8, what="x (3, 5, 8)")


@suite.check(
    "biased variance (divide by d_model)",
    hint="LayerNorm uses the population variance; torch.var defaults to the sample variance",
)
def biased(t):
    _compare(t, tc.randn(t.rng, 4, 2), d=2, what="d_model = 2")
    _compare(t, tc.randn(t.rng, 2, 3, 3), d=3, what="d_model = 3")


@suite.check(
    "eps inside the square root",
    hint="with a tiny variance the placement of eps decides the result",
)
def eps_inside(t):
    x = (tc.randn(t.rng, 2, 4, 8) * 1e-3 + 1.0).astype(np.float32)
    _compare(t, x, d=8, what="rows with spread ~1e-3", rtol=1e-3, atol=1e-3)


@suite.check(
    "a custom eps is used",
    hint="store the eps the constructor receives",
)
def custom_eps(t):
    x = tc.randn(t.rng, 3, 8, scale=0.1)
    _compare(t, x, d=8, eps=0.5, what="eps = 0.5 and spread ~0.1")


@suite.check(
    "constant rows give the bias",
    hint="a row with zero variance must not divide 0 by 0",
)
def constant_rows(t):
    x = np.stack([np.zeros(6), np.full(6, 3.5), np.linspace(-1, 1, 6)]).astype(np.float32)
    got = _compare(t, x, d=6, what="an all-zero row, a constant row and a ramp")
    tc.check_finite(got, what="LayerNorm(6) on constant rows", axis_names=("row", "feature"))


@suite.check(
    "large offsets stay accurate",
    hint="mean(x^2) - mean(x)^2 cancels catastrophically when the mean is large; subtract "
    "the mean first",
)
def large_offsets(t):
    x = (10_000.0 + tc.randn(t.rng, 2, 4, 16)).astype(np.float32)
    got = compare.as_array(tc.build(t, "LayerNorm", 16).sub_fn(x), "LayerNorm(16)(x)")
    tc.check_finite(got, what="LayerNorm(16) on 10,000 + N(0, 1)")
    _compare(t, x, d=16, what="x = 10,000 + N(0, 1) in float32", rtol=1e-2, atol=1e-2)


@suite.check(
    "any leading shape and float64",
    hint="normalise over the last dimension whatever comes before it",
)
def shapes(t):
    _compare(t, tc.randn(t.rng, 7, 8), d=8, what="2-D input (7, 8)")
    _compare(t, tc.randn(t.rng, 2, 2, 3, 8), d=8, what="4-D input (2, 2, 3, 8)")
    x64 = tc.randn(t.rng, 2, 3, 8).astype(np.float64) * 3
    _compare(t, x64, d=8, what="float64 input, module.double()", rtol=1e-9, atol=1e-10)


@suite.check(
    "gradients match the reference",
    hint="stay inside autograd: no .item(), .detach() or numpy in forward",
)
def gradients(t):
    pair = tc.build(t, "LayerNorm", 8)
    tc.check_gradients(t, pair, tc.randn(t.rng, 2, 3, 8), what="gradient of LayerNorm(8)(x)")


@suite.check(
    "the same in training and eval mode",
    hint="LayerNorm has no running statistics and no batch statistics: module.train() must not "
    "change what it computes",
)
def train_mode(t):
    pair = tc.build(t, "LayerNorm", 8)
    x = tc.randn(t.rng, 4, 3, 8, scale=2.0) + 1.0
    expected = pair.ref_fn(x)
    pair.train()
    got = compare.as_array(pair.sub_fn(x), "LayerNorm(8)(x) in train mode")
    compare.is_true(
        got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-4, atol=1e-5)),
        "LayerNorm(8)(x) for x of shape (4, 3, 8) differs between train mode and eval mode "
        "(the eval output is right)\n  likely mistake: in training the statistics come from the "
        "batch (BatchNorm's rule) instead of from each token's own features",
    )
