import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


def swiglu_variants(x, p):
    """Outputs of the classic gated-MLP mistakes for the weights p (float64 numpy)."""
    x = x.astype(float)
    gate = x @ p["gate_proj.weight"].T.astype(float)
    up = x @ p["up_proj.weight"].T.astype(float)
    down = p["down_proj.weight"].T.astype(float)

    def silu(z):
        return z / (1 + np.exp(-z))

    return {
        "sigmoid instead of SiLU on the gate (that is GLU, not SwiGLU)": (
            (1 / (1 + np.exp(-gate))) * up
        )
        @ down,
        "SiLU applied to the up branch instead of the gate branch": (gate * silu(up)) @ down,
        "SiLU applied after multiplying the branches": silu(gate * up) @ down,
        "branches added instead of multiplied": (silu(gate) + up) @ down,
        "no gating: down(silu(gate(x)))": silu(gate) @ down,
    }


@suite.check(
    "SwiGLU matches the reference (d_model=16, d_hidden=48)",
    hint="silu on gate_proj(x), times up_proj(x), then down_proj",
)
def matches(t):
    pair = tc.build(t, "SwiGLU", 16, 48)
    x = tc.randn(t.rng, 2, 5, 16)
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what="SwiGLU(16, 48)(x)",
        inputs="x ~ N(0, 1) of shape (2, 5, 16)",
        variants=lambda: swiglu_variants(x, pair.params),
    )
    compare.is_true(
        compare.as_array(got, "SwiGLU(16, 48)(x)").dtype == np.float32,
        "SwiGLU(16, 48)(x) for float32 x: the output must be float32 too, got "
        f"{compare.as_array(got, 'output').dtype}",
    )


@suite.check(
    "swiglu_hidden_size: LLaMA sizes",
    hint="truncate 2/3 of 4 * d_model, then round up to a multiple of multiple_of",
)
def llama_sizes(t):
    for d_model in (4096, 5120):
        got = t.sub.swiglu_hidden_size(d_model)
        compare.equal(got, t.ref.swiglu_hidden_size(d_model), what=f"swiglu_hidden_size({d_model})")
