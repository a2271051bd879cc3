from mldrills.checks import Suite, compare
from mldrills.checks import torch as tc

suite = Suite()
NAME = "MultiHeadAttention"


@suite.check(
    "output shape and parameter names",
    hint="four nn.Linear(d_model, d_model): q_proj, k_proj, v_proj, out_proj",
)
def shape(t):
    pair = tc.build(t, NAME, 16, 4)
    query, memory = tc.randn(t.rng, 2, 3, 16), tc.randn(t.rng, 2, 5, 16)
    got = compare.as_array(pair.sub_fn(query, memory, memory), "mha(query, key, value)")
    compare.equal(
        list(got.shape),
        [2, 3, 16],
        what="output shape",
        inputs="query (2, 3, 16), key = value (2, 5, 16)",
    )
    compare.is_true(
        got.dtype == "float32",
        f"query (2, 3, 16), key = value (2, 5, 16), float32: the output has dtype {got.dtype}, "
        "expected float32 (the inputs' dtype)",
    )


@suite.check(
    "self-attention matches the reference (B=2, T=5, d_model=16, n_head=4)",
    hint="project, split into heads, attend per head, merge, project again",
)
def self_attention(t):
    pair = tc.build(t, NAME, 16, 4)
    x = tc.randn(t.rng, 2, 5, 16)
    got, expected = pair.forward(x, x, x)
    tc.close(
        got,
        expected,
        what="mha(x, x, x)",
        inputs="x ~ N(0, 1) of shape (2, 5, 16), the same random weights in both modules",
        variants=lambda: tc.projected_variants(pair.params, x, x, x, 4),
    )
