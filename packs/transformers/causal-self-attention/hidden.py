import numpy as np

from mldrills.checks import CheckFailed, Suite, compare, tensor
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


def _placement_weights(c: int, rng) -> dict:
    """v = x and proj = identity plus a bias of 1: each output value then shows which
    dropout fired (0: proj output dropped; 2*1: the head's attention weight dropped)."""
    w = np.zeros((3 * c, c), dtype=np.float32)
    w[: 2 * c] = rng.standard_normal((2 * c, c)).astype(np.float32) / np.sqrt(c)
    w[2 * c :] = np.eye(c, dtype=np.float32)
    return {
        "qkv.weight": w,
        "qkv.bias": np.zeros(3 * c, dtype=np.float32),
        "proj.weight": np.eye(c, dtype=np.float32),
        "proj.bias": np.ones(c, dtype=np.float32),
    }


@suite.check(
    "dropout on the attention weights and on the output",
    hint="the statement puts one dropout after the softmax (on the weights) and one after "
    "proj; look at which tensors your dropout layers receive",
)
def dropout_placement(t):
    # One token (T = 1), so its single attention weight per head is 1: dropping it zeroes
    # that head's whole block of features. With v = x, proj = I and a proj bias of 1, in
    # train mode with p = 0.5 each value is 0 (output dropped), 2 * 1 (head dropped, output
    # kept) or 2 * (2x + 1) (both kept). Rates are tested against p = 0.5 on 1024 heads and
    # 4096 values: outside [0.4, 0.6] has a false-alarm rate below 1e-9.
    c, n_head, copies, p = 16, 4, 256, 0.5
    sub = t.sub.CausalSelfAttention(c, n_head, dropout=p)
    t.helper("load_parameters", sub, _placement_weights(c, t.rng))
    sub.train()
    t.helper("manual_seed", 0)
    x = np.where(t.rng.random(c) < 0.5, -1.0, 1.0).astype(np.float32) * (1 + t.rng.random(c))
    xs = np.tile(x, (copies, 1, 1)).astype(np.float32)
    y = compare.as_array(sub(tensor(xs)), "attn(x) in train mode")
    compare.equal(list(y.shape), [copies, 1, c], what="output shape", inputs=f"x ({copies}, 1, {c})")
    y = y.astype(float).reshape(copies, n_head, c // n_head)
    zero = np.isclose(y, 0.0, atol=1e-6)
    head_dropped = np.isclose(y, 2.0, rtol=1e-4)
    both_kept = np.isclose(y, 2.0 * (2.0 * x.reshape(n_head, -1) + 1.0), rtol=1e-4)
    stray = ~(zero | head_dropped | both_kept)
    inputs = (
        f"one token repeated {copies} times, dropout={p}, train mode, v = x, proj = identity + 1"
    )
    compare.is_true(
        not stray.any(),
        f"{inputs}: {int(stray.sum())} of {y.size} output values are neither 0 nor a kept "
        "value scaled by 1/(1-p), so dropout sits on another tensor (the input, q/k/v, or "
        "the merged heads before proj) or is not inverted dropout",
    )
    rate = float(zero.mean())
    compare.is_true(
        0.4 < rate < 0.6,
        f"{inputs}: {rate:.0%} of the output values are exactly 0, expected about {p:.0%}\n  "
        "likely mistake: no dropout on the output of proj (the residual dropout)",
    )
    dropped, kept = head_dropped.reshape(-1, c // n_head), ~zero.reshape(-1, c // n_head)
    # Among a head's kept values, the head's weight was either dropped for all or for none.
    mixed = ((dropped & kept).any(axis=1) & (~dropped & kept).any(axis=1)).sum()
    compare.is_true(
        mixed == 0,
        f"{inputs}: inside one head some features were dropped and others kept; dropping an "
        "attention weight removes the head's whole output for that token\n  likely mistake: "
        "dropout on v (or on the input) instead of on the attention weights",
    )
    rate = float(dropped[kept.any(axis=1)].any(axis=1).mean())
    compare.is_true(
        0.4 < rate < 0.6,
        f"{inputs}: the attention weight of {rate:.0%} of the heads was dropped, expected "
        f"about {p:.0%}\n  likely mistake: no dropout on the attention weights after the "
        "softmax (dropout before the softmax, on the scores, does not drop a weight)",
    )


@suite.check(
    "no leak at scores in the thousands",
    hint="a large negative number is not minus infinity: a score can be more negative than "
    "your mask value",
)
def mask_at_scale(t):
    # Built, not sampled: q = x and k = -x, with every token 100 * u plus a little noise,
    # so every visible score is about -100^2 * hs / sqrt(hs) = -2.8e4 in float32. A
    # future key blocked with a finite value such as -1e4 then outranks all of them, for
    # any hidden seed; with -inf (or a boolean mask) nothing leaks.
    c = 32
    eye = np.eye(c, dtype=np.float32)
    pair = tc.build(t, NAME, c, 4)
    params = {
        "qkv.weight": np.concatenate([eye, -eye, tc.randn(t.rng, c, c, scale=0.2)]),
        "qkv.bias": np.zeros(3 * c, dtype=np.float32),
        "proj.weight": tc.randn(t.rng, c, c, scale=0.2),
        "proj.bias": np.zeros(c, dtype=np.float32),
    }
    t.helper("load_parameters", pair.sub, params)
    u = np.where(t.rng.random(c) < 0.5, -100.0, 100.0).astype(np.float32)
    x = (u + tc.randn(t.rng, 2, 8, c)).astype(np.float32)
    what = "attn(x), every visible score near -2.8e4 (q = x, k = -x, x = 100 u + noise)"
    tc.check_causal(pair.sub_fn, x, t.rng, what=what)
