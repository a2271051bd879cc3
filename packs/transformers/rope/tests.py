import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


@suite.check(
    "the example from the statement",
    hint="adjacent pairs (x0, x1), (x2, x3); pair i turns by position * base^(-2i/d)",
)
def example(t):
    x = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 0.0]], dtype=np.float32)
    got, expected = tc.run_both(t, "apply_rope", x)
    tc.close(
        got,
        expected,
        what="apply_rope(x)",
        inputs=str(x.tolist()),
        variants=lambda: tc.rope_variants(x),
    )


@suite.check(
    "apply_rope matches the reference on (2, 3, 6, 8)",
    hint="work on the last two axes (T, d); leading axes just broadcast",
)
def matches(t):
    x = tc.randn(t.rng, 2, 3, 6, 8)
    got, expected = tc.run_both(t, "apply_rope", x)
    tc.close(
        got,
        expected,
        what="apply_rope(x)",
        inputs="x ~ N(0, 1) of shape (2, 3, 6, 8)",
        variants=lambda: tc.rope_variants(x),
    )
    dtype = compare.as_array(got, "apply_rope(x)").dtype
    compare.is_true(
        dtype == np.float32,
        f"apply_rope(x) for float32 x of shape (2, 3, 6, 8) returned dtype {dtype}, expected "
        "float32\n  likely mistake: float64 cos/sin tables multiplied into x without casting "
        "them back to x's dtype",
    )


@suite.check(
    "rope_attention matches the reference on (2, 2, 5, 8)",
    hint="rotate q and k, then causal scaled dot-product attention",
)
def attention(t):
    q, k, v = (tc.randn(t.rng, 2, 2, 5, 8) for _ in range(3))
    got, expected = tc.run_both(t, "rope_attention", q, k, v)
    qr, kr = tc.rope(q), tc.rope(k)
    variants = {
        **tc.sdpa_variants(qr, kr, v, causal=True),
        "RoPE applied to the values as well": tc.attend(qr, kr, tc.rope(v), causal=True),
        "RoPE not applied": tc.attend(q, k, v, causal=True),
    }
    tc.close(
        got,
        expected,
        what="rope_attention(q, k, v)",
        inputs="q, k, v ~ N(0, 1) of shape (2, 2, 5, 8)",
        variants=lambda: variants,
    )
