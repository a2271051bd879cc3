from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()


@suite.check(
    "output shape and parameter names",
    hint="qkv = nn.Linear(d_model, 3 * d_model) and proj = nn.Linear(d_model, d_model); "
    "the output has the input's shape and dtype",
)
def shape(t):
    pair = tc.build(t, "CausalSelfAttention", 16, 4)
    x = tc.randn(t.rng, 2, 5, 16)
    got = compare.as_array(pair.sub_fn(x), "attn(x)")
    compare.equal(list(got.shape), [2, 5, 16], what="output shape", inputs="x of shape (2, 5, 16)")
    compare.is_true(
        got.dtype == "float32",
        f"x of shape (2, 5, 16), float32: the output has dtype {got.dtype}, expected float32 "
        "(the input's dtype); do not move the computation to another precision",
    )


@suite.check(
    "matches the reference (B=2, T=6, d_model=16, n_head=4)",
    hint="follow the five steps of the statement; print the shape after each one",
)
def matches(t):
    pair = tc.build(t, "CausalSelfAttention", 16, 4)
    x = tc.randn(t.rng, 2, 6, 16)
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what="attn(x) in eval mode",
        inputs="x ~ N(0, 1) of shape (2, 6, 16), the same random weights in both modules",
        variants=lambda: tc.fused_qkv_variants(pair.params, x, 4),
    )
