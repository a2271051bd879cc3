import numpy as np

from mldrills.checks import Suite
from mldrills.checks import torch as tc

suite = Suite()
NAME = "GroupedQueryAttention"


def _compare(t, d_model, n_head, n_kv_head, shape, *, what, scale=1.0):
    pair = tc.build(t, NAME, d_model, n_head, n_kv_head)
    x = tc.randn(t.rng, *shape, scale=scale)
    got, expected = pair.forward(x)
    tc.close(
        got,
        expected,
        what=f"{what}, {NAME}({d_model}, {n_head}, {n_kv_head})",
        inputs=f"x ~ N(0, {scale:g}^2) of shape {shape}",
        variants=lambda: tc.projected_variants(
            pair.params, x, x, x, n_head, n_kv_head=n_kv_head, causal=True
        ),
    )


@suite.check(
    "query heads share kv heads in consecutive groups",
    hint="query head h belongs to group h // (n_head // n_kv_head); check which copy of a "
    "kv head ends up next to which query head",
)
def grouping(t):
    _compare(t, 16, 4, 2, (2, 5, 16), what="groups of 2")
    _compare(t, 24, 6, 3, (1, 4, 24), what="groups of 2, three kv heads")
    _compare(t, 32, 8, 2, (2, 4, 32), what="groups of 4")


@suite.check(
    "multi-query (n_kv_head = 1) and multi-head (n_kv_head = n_head)",
    hint="the two extremes of the same layer; nothing special-cased",
)
def extremes(t):
    _compare(t, 16, 4, 1, (2, 5, 16), what="one kv head shared by all")
    _compare(t, 16, 4, 4, (2, 5, 16), what="one kv head per query head")


@suite.check(
    "no position sees the future",
    hint="changing token t must not change any output before t",
)
def causal(t):
    pair = tc.build(t, NAME, 32, 8, 2)
    tc.check_causal(pair.sub_fn, tc.randn(t.rng, 2, 8, 32), t.rng, what="gqa(x)")


@suite.check(
    "scores scaled by 1/sqrt(head_size)",
    hint="the head size is d_model / n_head, for queries and keys alike",
)
def scaling(t):
    _compare(t, 32, 2, 1, (2, 5, 32), what="head size 16", scale=2.0)
    _compare(t, 32, 8, 4, (2, 5, 32), what="head size 4", scale=2.0)


@suite.check("a single token", hint="T = 1 is a valid input")
def tiny(t):
    _compare(t, 16, 4, 2, (1, 1, 16), what="T = 1")


@suite.check(
    "examples in a batch are independent",
    hint="attention mixes positions of one sequence, never examples of a batch",
)
def batch(t):
    pair = tc.build(t, NAME, 16, 4, 2)
    tc.check_batch_independent(pair.sub_fn, tc.randn(t.rng, 3, 5, 16), t.rng, what="gqa(x)")


@suite.check(
    "gradients match the reference",
    hint="every step must stay inside autograd; shared kv heads collect gradient from "
    "every query head of their group",
)
def gradients(t):
    pair = tc.build(t, NAME, 16, 4, 2)
    tc.check_gradients(t, pair, tc.randn(t.rng, 2, 5, 16), what="gradient of gqa(x)")


@suite.check(
    "scores in the thousands: finite and still causal",
    hint="exp() of a score near 1e4 overflows, and a large negative number is not minus "
    "infinity: a score can be more negative than your mask value",
)
def large_scores(t):
    # Built, not sampled: q_proj = I, k_proj = minus the first n_kv_head * hs rows of I,
    # and every token 100 + a little noise, so every visible score of every head is about
    # -100^2 * hs / sqrt(hs) = -2e4 in float32, for any hidden seed. A softmax without the
    # max subtracted underflows to 0/0 there, and a finite mask value such as -1e4 ranks
    # the future above every visible key.
    c, n_head, n_kv = 32, 8, 2
    hs = c // n_head
    eye = np.eye(c, dtype=np.float32)
    pair = tc.build(t, NAME, c, n_head, n_kv)
    params = {
        "q_proj.weight": eye,
        "k_proj.weight": -eye[: n_kv * hs],
        "v_proj.weight": tc.randn(t.rng, n_kv * hs, c, scale=0.2),
        "out_proj.weight": tc.randn(t.rng, c, c, scale=0.2),
    }
    t.helper("load_parameters", pair.sub, params)
    x = (100.0 + tc.randn(t.rng, 2, 8, c)).astype(np.float32)
    what = "gqa(x), every visible score near -2e4 (q = x, k = -x, x = 100 + noise)"
    tc.check_finite(pair.sub_fn(x), what=what, axis_names=("b", "t", "feature"))
    tc.check_causal(pair.sub_fn, x, t.rng, what=what)
