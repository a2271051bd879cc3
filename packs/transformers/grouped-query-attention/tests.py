from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()
NAME = "GroupedQueryAttention"


@suite.check(
    "parameter shapes and output shape",
    hint="k_proj and v_proj produce n_kv_head * head_size features, not d_model",
)
def shapes(t):
    pair = tc.build(t, NAME, 32, 8, 2)
    got = compare.as_array(pair.sub_fn(tc.randn(t.rng, 2, 5, 32)), "gqa(x)")
    compare.equal(list(got.shape), [2, 5, 32], what="output shape", inputs="x (2, 5, 32)")
    compare.is_true(
        got.dtype == "float32",
        f"x (2, 5, 32) float32: the output has dtype {got.dtype}, expected float32 (the input's)",
    )


@suite.check(
    "matches the reference (d_model=32, n_head=8, n_kv_head=2)",
    hint="project, split q into n_head heads and k, v into n_kv_head heads, share, attend",
)
def matches(t):
    pair = tc.build(t, NAME, 32, 8, 2)
    x = tc.randn(t.rng, 2, 6, 32)
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what="gqa(x)",
        inputs="x ~ N(0, 1) of shape (2, 6, 32), the same random weights in both modules",
        variants=lambda: tc.projected_variants(pair.params, x, x, x, 8, n_kv_head=2, causal=True),
    )
