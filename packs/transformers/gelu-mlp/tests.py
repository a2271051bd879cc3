import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


@suite.check(
    "gelu (exact) matches F.gelu on [-6, 6]",
    hint="Phi(x) = (1 + erf(x / sqrt(2))) / 2, and GELU(x) = x * Phi(x)",
)
def gelu_exact(t):
    x = np.linspace(-6, 6, 97, dtype=np.float32)
    got, expected = tc.run_both(t, "gelu", x)
    tc.close(
        got,
        expected,
        what="gelu(x)",
        inputs="x = linspace(-6, 6, 97)",
        variants=lambda: tc.gelu_variants(x),
        rtol=1e-5,
        atol=1e-5,
    )


@suite.check(
    "MLP output shape and parameter names",
    hint="fc = nn.Linear(d_model, d_hidden) and proj = nn.Linear(d_hidden, d_model); the "
    "output keeps the input's shape and dtype",
)
def shape(t):
    pair = tc.build(t, "MLP", 16, 64)
    got = compare.as_array(pair.sub_fn(tc.randn(t.rng, 2, 5, 16)), "mlp(x)")
    compare.equal(list(got.shape), [2, 5, 16], what="output shape of MLP(16, 64)")
    compare.is_true(
        got.dtype == "float32",
        f"MLP(16, 64) on float32 x: the output has dtype {got.dtype}, expected float32 (the "
        "input's dtype); do not move the computation to another precision",
    )


@suite.check(
    "MLP matches the reference (d_model=16, d_hidden=64)",
    hint="expand, exact GELU, project back",
)
def mlp(t):
    pair = tc.build(t, "MLP", 16, 64)
    x = tc.randn(t.rng, 2, 5, 16)
    got, expected = pair.forward(x)
    p = pair.params
    hidden = x.astype(float) @ p["fc.weight"].T.astype(float) + p["fc.bias"]
    variants = {
        mistake: act @ p["proj.weight"].T.astype(float) + p["proj.bias"]
        for mistake, act in tc.gelu_variants(hidden).items()
    }
    variants["no activation between the two layers"] = (
        hidden @ p["proj.weight"].T.astype(float) + p["proj.bias"]
    )
    tc.close(
        got,
        expected,
        what="MLP(16, 64)(x) in eval mode",
        inputs="x ~ N(0, 1), (2, 5, 16)",
        variants=lambda: variants,
    )
