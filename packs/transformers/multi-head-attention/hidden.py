import numpy as np

from mldrills.checks import CheckFailed, Suite, compare, tensor
from mldrills.checks import torch as tc

suite = Suite()
NAME = "MultiHeadAttention"


def _compare(t, d_model, n_head, tq, tk, *, b=2, pad=None, same_kv=False, what):
    pair = tc.build(t, NAME, d_model, n_head)
    query = tc.randn(t.rng, b, tq, d_model)
    key = tc.randn(t.rng, b, tk, d_model)
    value = key.copy() if same_kv else tc.randn(t.rng, b, tk, d_model)
    args = (query, key, value) if pad is None else (query, key, value, pad)
    got, expected = pair.forward(*args)
    keep = None if pad is None else ~pad[:, None, None, :]
    tc.close(
        got,
        expected,
        what=f"{what}, {NAME}({d_model}, {n_head})",
        inputs=f"query {query.shape}, key {key.shape}, value {value.shape}"
        + ("" if pad is None else f", key_padding_mask {pad.tolist()}"),
        variants=lambda: tc.projected_variants(pair.params, query, key, value, n_head, mask=keep),
    )


@suite.check(
    "cross-attention: Tq != Tk",
    hint="keys and values have their own length; take it from key, not from query",
)
def cross(t):
    _compare(t, 16, 4, 3, 7, what="query length 3, key length 7")
    _compare(t, 16, 4, 6, 2, what="query length 6, key length 2")


@suite.check(
    "key and value may be different tensors",
    hint="each projection reads its own input",
)
def distinct(t):
    _compare(t, 16, 2, 4, 5, what="key != value")


@suite.check(
    "key padding mask: True marks padding",
    hint="nn.MultiheadAttention's convention: True = ignore this key",
)
def padding(t):
    pad = np.array([[False] * 6, [False, False, False, False, True, True]])
    _compare(t, 16, 4, 3, 6, pad=pad, what="with a padding mask")
    pad = np.array([[False, True, True, True, True, True], [True, False, True, False, True, False]])
    _compare(t, 16, 4, 4, 6, pad=pad, what="one real key in example 0")


@suite.check(
    "padding keys cannot influence the output",
    hint="a padded key must get exactly zero attention weight from every query in every head",
)
def padding_ignored(t):
    pair = tc.build(t, NAME, 16, 4)
    query, key, value = (tc.randn(t.rng, 2, 5, 16) for _ in range(3))
    pad = np.zeros((2, 5), dtype=bool)
    pad[0, 3:] = True
    pad[1, 1] = True
    base = compare.as_array(pair.sub_fn(query, key, value, pad), "mha(...)")
    key2, value2 = key.copy(), value.copy()
    key2[pad] = tc.randn(t.rng, int(pad.sum()), 16, scale=3.0)
    value2[pad] = tc.randn(t.rng, int(pad.sum()), 16, scale=3.0)
    moved = compare.as_array(pair.sub_fn(query, key2, value2, pad), "mha(...)")
    if moved.shape != base.shape or not np.allclose(moved, base, rtol=1e-4, atol=1e-5):
        t.fail(
            "changing only the key and value vectors at padded positions changed the output "
            f"(padding: {pad.tolist()}): padded keys still receive attention\n  likely "
            "mistake: the mask is not applied to the key axis of the scores, or applied "
            "after the softmax"
        )
    _padding_ignored_at_scale(t)


def _padding_ignored_at_scale(t):
    # q_proj = k_proj = identity and every real key = -query, so every real score is
    # about -2e4 (float32): a padded key blocked with a finite value such as -1e4 then
    # outranks every real key, and changing its value vector moves the output.
    c = 16
    sub = t.sub.MultiHeadAttention(c, 4)
    sub.eval()  # this check is about padding: a stray dropout must fail the dropout check only
    eye, zero = np.eye(c, dtype=np.float32), np.zeros(c, dtype=np.float32)
    params = {"q_proj.weight": eye, "q_proj.bias": zero, "k_proj.weight": eye}
    params |= {"k_proj.bias": zero, "v_proj.bias": zero, "out_proj.bias": zero}
    params |= {n: tc.randn(t.rng, c, c, scale=0.25) for n in ("v_proj.weight", "out_proj.weight")}
    t.helper("load_parameters", sub, params)
    u = np.where(t.rng.random(c) < 0.5, -100.0, 100.0).astype(np.float32)
    query = np.tile(u, (2, 3, 1)) + tc.randn(t.rng, 2, 3, c)
    key = np.tile(-u, (2, 5, 1)) + tc.randn(t.rng, 2, 5, c)
    pad = np.array([[False, False, True, True, False], [False, True, True, True, True]])
    value = tc.randn(t.rng, 2, 5, c)

    def run(v):
        return compare.as_array(sub(tensor(query), tensor(key), tensor(v), tensor(pad)), "mha")

    base = run(value)
    value2 = value.copy()
    value2[pad] = tc.randn(t.rng, int(pad.sum()), c, scale=3.0)
    moved = run(value2)
    tc.check_finite(base, what="mha(...) with scores near -2e4", axis_names=("b", "t", "feature"))
    if moved.shape != base.shape or not np.allclose(moved, base, rtol=1e-4, atol=1e-4):
        t.fail(
            "with every real key scoring about -2e4 (float32), changing the value vectors at "
            f"padded positions (padding: {pad.tolist()}) changed the output\n  likely mistake: "
            "padding blocked with a large finite number (such as -1e4) instead of -inf"
        )


@suite.check(
    "heads split and merged correctly",
    hint="with one head everything may look right; with several, follow which features and "
    "which positions each head receives",
)
def heads(t):
    _compare(t, 16, 1, 4, 5, what="one head")
    try:
        _compare(t, 16, 4, 4, 5, what="four heads")
        _compare(t, 8, 8, 3, 4, what="head size 1")
    except CheckFailed as exc:
        raise CheckFailed(
            exc.message + "\n  with one head the output is right, so the bug is in how the "
            "heads are split or merged",
            hint=exc.hint,
        ) from None


@suite.check(
    "scores scaled by 1/sqrt(head_size)",
    hint="the dot products grow with the head size; which size sets the scale?",
)
def scaling(t):
    _compare(t, 32, 2, 4, 4, what="head size 16")
    _compare(t, 32, 8, 4, 4, what="head size 4")


@suite.check("a single query and a single key", hint="Tq = 1 and Tk = 1 are valid")
def tiny(t):
    _compare(t, 8, 2, 1, 1, b=1, what="Tq = Tk = 1")
    _compare(t, 8, 2, 1, 5, b=3, what="Tq = 1")


@suite.check(
    "examples in a batch are independent",
    hint="attention mixes positions of one sequence, never examples of a batch",
)
def batch(t):
    pair = tc.build(t, NAME, 16, 4)
    tc.check_batch_independent(
        lambda x: pair.sub_fn(x, x, x), tc.randn(t.rng, 3, 4, 16), t.rng, what="mha(x, x, x)"
    )


@suite.check(
    "gradients match the reference",
    hint="every step must stay inside autograd: no .detach(), .data or numpy round trips",
)
def gradients(t):
    pair = tc.build(t, NAME, 16, 4)
    query, key, value = (
        tc.randn(t.rng, 2, 3, 16),
        tc.randn(t.rng, 2, 5, 16),
        tc.randn(t.rng, 2, 5, 16),
    )
    pad = np.array([[False] * 5, [False, False, False, True, True]])
    tc.check_gradients(
        t,
        pair,
        query,
        key,
        value,
        pad,
        names=["query", "key", "value", "key_padding_mask"],
        what="gradient of mha(query, key, value, key_padding_mask)",
    )


@suite.check(
    "no dropout: training mode changes nothing",
    hint="the statement has no dropout in this layer; module.train() must leave the output alone",
)
def no_dropout(t):
    pair = tc.build(t, NAME, 16, 4)
    query, memory = tc.randn(t.rng, 2, 3, 16), tc.randn(t.rng, 2, 5, 16)
    # the learner's own eval output: a wrong but deterministic layer fails other checks,
    # not this one, so a dropout message never lands on a mistake that is not dropout
    expected = compare.as_array(pair.sub_fn(query, memory, memory), "mha(...) in eval mode")
    pair.train()
    t.helper("manual_seed", 0)
    for _ in range(2):
        got = compare.as_array(pair.sub_fn(query, memory, memory), "mha(...) in train mode")
        compare.is_true(
            got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-4, atol=1e-5)),
            "mha(query, key, value) in train mode differs from the eval-mode output: something "
            "random runs in training\n  likely mistake: a dropout layer the statement does not "
            "have (on the attention weights or the output)",
        )
