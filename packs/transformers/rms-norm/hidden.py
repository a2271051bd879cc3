import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


def _rms_norm(x, w, eps):
    x = x.astype(np.float64)
    return x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps) * w


def _compare(t, x, *, d, eps=None, what, rtol=1e-4, atol=1e-5):
    pair = tc.build(t, "RMSNorm", d) if eps is None else tc.build(t, "RMSNorm", d, eps=eps)
    got, expected = pair.forward(x)
    dtype = compare.as_array(got, "output").dtype
    compare.is_true(
        dtype == x.dtype,
        f"RMSNorm({d})(x), {what}: the output has dtype {dtype}, expected {x.dtype} (the "
        "input's); compute in another precision if you like, but return the input's dtype",
    )
    label = f"RMSNorm({d}" + ("" if eps is None else f", eps={eps:g}") + ")(x)"
    tc.close(
        got,
        expected,
        what=f"{label}, {what}",
        inputs=f"x of shape {x.shape}",
        variants=lambda: {
            **tc.rms_norm_variants(x, pair.params["weight"], 1e-6 if eps is None else eps),
            "the eps passed to the constructor is ignored (1e-6 is used)": _rms_norm(
                x, pair.params["weight"], 1e-6
            ),
        },
        rtol=rtol,
        atol=atol,
    )
    return got


@suite.check(
    "the mean is not subtracted",
    hint="RMSNorm rescales only; centring is what LayerNorm adds",
)
def no_centering(t):
    x = (3.0 + tc.randn(t.rng, 2, 4, 8)).astype(np.float32)
    _compare(t, x, d=8, what="x = 3 + N(0, 1)")


@suite.check(
    "eps inside the square root",
    hint="with tiny inputs the mean square is comparable to eps, so its placement matters",
)
def eps_inside(t):
    _compare(t, tc.randn(t.rng, 3, 8, scale=1e-3), d=8, what="x ~ N(0, 1e-6)", rtol=1e-3, atol=1e-4)


@suite.check("a custom eps is used", hint="store the eps the constructor receives")
def custom_eps(t):
    _compare(t, tc.randn(t.rng, 3, 8, scale=0.3), d=8, eps=0.1, what="eps = 0.1")


@suite.check("all-zero rows stay zero", hint="the root of 0 + eps is not 0")
def zero_rows(t):
    x = np.zeros((2, 6), dtype=np.float32)
    x[1] = np.linspace(-1, 1, 6)
    got = _compare(t, x, d=6, what="an all-zero row and a ramp")
    tc.check_finite(got, what="RMSNorm(6) with an all-zero row", axis_names=("row", "feature"))


@suite.check(
    "large inputs: the scale cancels",
    hint="x / rms(x) does not depend on the size of x",
)
def large(t):
    x = tc.randn(t.rng, 2, 3, 8, scale=1e4)
    _compare(t, x, d=8, what="x ~ N(0, 1e8)")


@suite.check(
    "each token is normalised on its own",
    hint="the mean square is taken over one token's features only",
)
def per_token(t):
    pair = tc.build(t, "RMSNorm", 8)
    x = tc.randn(t.rng, 3, 5, 8)
    base = compare.as_array(pair.sub_fn(x), "RMSNorm(8)(x)")
    x2 = x.copy()
    x2[:, 2] = tc.randn(t.rng, 3, 8, scale=5.0)
    moved = compare.as_array(pair.sub_fn(x2), "RMSNorm(8)(x)")
    others = [i for i in range(5) if i != 2]
    if not np.allclose(moved[:, others], base[:, others], rtol=1e-5, atol=1e-6):
        t.fail(
            "changing only token 2 of each sequence changed the output at other positions\n"
            "  likely mistake: the mean square is taken over the wrong axis instead of dim=-1"
        )
    tc.check_batch_independent(pair.sub_fn, x, t.rng, what="RMSNorm(8)(x)")
    _compare(t, x, d=8, what="x (3, 5, 8)")


@suite.check("any leading shape", hint="normalise over the last dimension whatever comes before")
def shapes(t):
    _compare(t, tc.randn(t.rng, 7, 4), d=4, what="2-D input (7, 4)")
    _compare(t, tc.randn(t.rng, 2, 2, 3, 8), d=8, what="4-D input (2, 2, 3, 8)")


@suite.check(
    "gradients match the reference",
    hint="stay inside autograd: no .item(), .detach() or numpy in forward",
)
def gradients(t):
    pair = tc.build(t, "RMSNorm", 8)
    tc.check_gradients(t, pair, tc.randn(t.rng, 2, 3, 8), what="gradient of RMSNorm(8)(x)")
