import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


def _variants(x, p):
    x = x.astype(float)
    gate = x @ p["gate_proj.weight"].T.astype(float)
    up = x @ p["up_proj.weight"].T.astype(float)
    down = p["down_proj.weight"].T.astype(float)
    silu = gate / (1 + np.exp(-gate))
    return {
        "SiLU applied to the up branch instead of the gate branch": (gate * up / (1 + np.exp(-up)))
        @ down,
        "sigmoid instead of SiLU on the gate (that is GLU, not SwiGLU)": (up / (1 + np.exp(-gate)))
        @ down,
        "no gating: down(silu(gate(x)))": silu @ down,
    }


@suite.check(
    "SiLU goes on the gate branch",
    hint="gate_proj feeds the SiLU; up_proj stays linear",
)
def gate_branch(t):
    pair = tc.build(t, "SwiGLU", 8, 24)
    x = tc.randn(t.rng, 3, 4, 8, scale=2.0)
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what="SwiGLU(8, 24)(x)",
        inputs="x ~ N(0, 2^2), (3, 4, 8)",
        variants=lambda: _variants(x, pair.params),
    )


@suite.check(
    "any leading shape and large inputs",
    hint="the block acts on the last dimension only; silu(z) = z * sigmoid(z) stays finite",
)
def shapes(t):
    pair = tc.build(t, "SwiGLU", 8, 16)
    for x in (
        tc.randn(t.rng, 5, 8),
        tc.randn(t.rng, 2, 2, 3, 8),
        tc.randn(t.rng, 2, 8, scale=100.0),
    ):
        got, expected = pair.forward(x)
        tc.check_finite(got, what=f"SwiGLU(8, 16) on {x.shape}")
        tc.close(
            got,
            expected,
            what=f"SwiGLU(8, 16) on an input of shape {x.shape}",
            rtol=1e-4,
            atol=1e-4,
        )


@suite.check(
    "swiglu_hidden_size: rounding up to multiple_of",
    hint="round up, and leave a size that is already a multiple alone",
)
def rounding(t):
    for args in ((96, 256), (48, 32), (100, 64), (1, 1), (3, 7), (4096, 1), (2048, 256)):
        got = t.sub.swiglu_hidden_size(*args)
        compare.equal(
            got,
            t.ref.swiglu_hidden_size(*args),
            what=f"swiglu_hidden_size{args}",
            strict_types=False,
        )
        compare.is_true(
            isinstance(got, int) and not isinstance(got, bool),
            f"swiglu_hidden_size{args} returned {got!r}; expected a Python int",
        )


@suite.check(
    "gradients match the reference",
    hint="stay inside autograd: no .detach(), .data or numpy round trips",
)
def gradients(t):
    pair = tc.build(t, "SwiGLU", 8, 24)
    tc.check_gradients(t, pair, tc.randn(t.rng, 2, 3, 8), what="gradient of SwiGLU(8, 24)(x)")


@suite.check(
    "no dropout: training mode changes nothing",
    hint="the statement has no dropout in this block; module.train() must leave the output alone",
)
def no_dropout(t):
    pair = tc.build(t, "SwiGLU", 16, 48)
    x = tc.randn(t.rng, 2, 5, 16)
    # the learner's own eval output, so a wrong but deterministic block never gets the
    # dropout message from this check
    expected = compare.as_array(pair.sub_fn(x), "SwiGLU(16, 48)(x) in eval mode")
    pair.train()
    t.helper("manual_seed", 0)
    for _ in range(2):
        got = compare.as_array(pair.sub_fn(x), "SwiGLU(16, 48)(x) in train mode")
        compare.is_true(
            got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-4, atol=1e-5)),
            "SwiGLU(16, 48)(x) in train mode differs from the eval-mode output: something random "
            "runs in training\n  likely mistake: a dropout layer the statement does not have",
        )
