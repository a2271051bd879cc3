from mldrills.checks import CheckFailed, Suite
from mldrills.checks import torch as tc

suite = Suite()
NAME = "CausalSelfAttention"


def _compare(t, d_model, n_head, shape, *, scale=1.0, what="attn(x)", rtol=1e-4, atol=1e-5):
    pair = tc.build(t, NAME, d_model, n_head)
    x = tc.randn(t.rng, *shape, scale=scale)
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what=f"{what}, {NAME}({d_model}, {n_head})",
        inputs=f"x ~ N(0, {scale:g}^2) of shape {shape}",
        variants=lambda: tc.fused_qkv_variants(pair.params, x, n_head),
        rtol=rtol,
        atol=atol,
    )


@suite.check(
    "no position sees the future",
    hint="changing token t must not change any output before t: check which keys each "
    "query may see, including itself",
)
def causal(t):
    for d_model, n_head, shape in ((32, 4, (2, 8, 32)), (16, 2, (1, 5, 16))):
        pair = tc.build(t, NAME, d_model, n_head)
        tc.check_causal(pair.sub_fn, tc.randn(t.rng, *shape), t.rng, what=f"attn(x), x {shape}")


@suite.check(
    "scores scaled by 1/sqrt(head_size)",
    hint="the dot products grow with the head size; which size sets the scale?",
)
def scaling(t):
    _compare(t, 32, 2, (2, 6, 32), scale=2.0, what="attn(x), head size 16")
    _compare(t, 32, 8, (2, 6, 32), scale=2.0, what="attn(x), head size 4")


@suite.check(
    "heads split and merged correctly",
    hint="with one head everything may look right; with several, follow which features "
    "and which positions each head receives",
)
def heads(t):
    _compare(t, 16, 1, (2, 6, 16), what="attn(x), one head")
    try:
        _compare(t, 16, 4, (2, 6, 16), what="attn(x), four heads")
        _compare(t, 8, 8, (1, 4, 8), what="attn(x), head size 1")
    except CheckFailed as exc:
        raise CheckFailed(
            exc.message + "\n  with one head the output is right, so the bug is in how the "
            "heads are split or merged",
            hint=exc.hint,
        ) from None


@suite.check("a single token and a single example", hint="T = 1 and B = 1 are valid inputs")
def tiny(t):
    _compare(t, 16, 4, (1, 1, 16), what="attn(x), T=1")
    _compare(t, 16, 4, (3, 2, 16), what="attn(x), T=2")


@suite.check(
    "large activations stay finite",
    hint="exp() of a large score overflows; softmax is invariant to subtracting a constant",
)
def large(t):
    pair = tc.build(t, NAME, 16, 2)
    x = tc.randn(t.rng, 2, 6, 16, scale=60.0)
    got, expected = pair.forward(x)
    tc.check_finite(got, what="attn(x) for x ~ N(0, 60^2)", axis_names=("b", "t", "feature"))
    tc.close(got, expected, what="attn(x) for x ~ N(0, 60^2)", rtol=1e-3, atol=1e-3)


@suite.check(
    "examples in a batch are independent",
    hint="attention mixes positions of one sequence, never examples of a batch",
)
def batch(t):
    pair = tc.build(t, NAME, 16, 4)
    tc.check_batch_independent(pair.sub_fn, tc.randn(t.rng, 3, 5, 16), t.rng, what="attn(x)")


@suite.check(
    "dropout only in training mode",
    hint="nn.Dropout follows module.train() / module.eval(); a bare F.dropout call does not "
    "unless you pass training=self.training",
)
def dropout(t):
    tc.check_dropout(
        t,
        lambda p: tc.build(t, NAME, 32, 4, dropout=p),
        tc.randn(t.rng, 1, 4, 32),
        what="attn(x)",
    )


@suite.check(
    "gradients match the reference",
    hint="every step must stay inside autograd: no .detach(), .data or numpy round trips",
)
def gradients(t):
    pair = tc.build(t, NAME, 16, 4)
    tc.check_gradients(t, pair, tc.randn(t.rng, 2, 5, 16), what="gradient of attn(x)")


@suite.check("a longer sequence and a wider model", hint="nothing may depend on T being small")
def bigger(t):
    _compare(t, 64, 8, (3, 16, 64))
