import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


@suite.check(
    "parameters: one weight vector, starting at ones",
    hint="RMSNorm has a gain and no bias",
)
def init(t):
    params = t.helper("parameters", t.sub.RMSNorm(6))
    compare.equal(sorted(params), ["weight"], what="parameter names of RMSNorm(6)")
    compare.close(params["weight"]["value"], np.ones(6), what="RMSNorm(6).weight at init")


@suite.check(
    "matches F.rms_norm on (2, 5, 16)",
    hint="mean of the squares over the last dimension, square root, divide",
)
def matches(t):
    pair = tc.build(t, "RMSNorm", 16)
    x = tc.randn(t.rng, 2, 5, 16, scale=2.0)
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what="RMSNorm(16)(x)",
        inputs="x ~ N(0, 2^2) of shape (2, 5, 16), random weight",
        variants=lambda: tc.rms_norm_variants(x, pair.params["weight"], 1e-6),
    )
