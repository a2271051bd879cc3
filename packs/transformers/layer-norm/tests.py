import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


@suite.check(
    "parameters: weight starts at ones, bias at zeros",
    hint="two nn.Parameter vectors of size d_model named weight and bias",
)
def init(t):
    params = t.helper("parameters", t.sub.LayerNorm(6))
    compare.equal(sorted(params), ["bias", "weight"], what="parameter names of LayerNorm(6)")
    compare.close(params["weight"]["value"], np.ones(6), what="LayerNorm(6).weight at init")
    compare.close(params["bias"]["value"], np.zeros(6), what="LayerNorm(6).bias at init")


@suite.check(
    "matches F.layer_norm on (2, 5, 16)",
    hint="mean and variance over the last dimension, per token",
)
def matches(t):
    pair = tc.build(t, "LayerNorm", 16)
    x = tc.randn(t.rng, 2, 5, 16, scale=2.0) + 0.5
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what="LayerNorm(16)(x)",
        inputs="x ~ N(0.5, 2^2) of shape (2, 5, 16), random weight and bias",
        variants=lambda: tc.layer_norm_variants(
            x, pair.params["weight"], pair.params["bias"], 1e-5
        ),
    )
