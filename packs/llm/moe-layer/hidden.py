"""Hidden checks for moe-layer: capacity rounding, priority, pass-through, aux loss, grads."""

import runpy
from pathlib import Path

import numpy as np
import torch

from mldrills.checks import Suite, Trial, compare, tensor
from mldrills.checks import torch as tc

_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
build = _visible["build"]
routed = _visible["routed"]
outputs = _visible["outputs"]
check_drops = _visible["check_drops"]
check_all = _visible["check_all"]

suite = Suite()


@suite.check(
    "capacity is rounded up",
    hint="capacity = ceil(capacity_factor * tokens * k / n_experts)",
)
def rounding(t: Trial) -> None:
    args = (4, 1, 1.0)  # 6 tokens * 1 / 4 experts = 1.5 -> 2 slots per expert
    pair = build(t, 8, 16, *args, router_scale=4.0)
    x = tc.randn(t.rng, 2, 3, 8)
    _, _, dropped = outputs(pair.sub_fn(x), "MoE top-1, 6 tokens, 4 experts")
    check_drops(pair, x, args, dropped, "MoE(top_k=1, capacity_factor=1.0) on 6 tokens")


@suite.check(
    "first choices are served before second choices",
    hint="when an expert is full, which claim came first: token 5's first choice or token "
    "2's second choice?",
)
def priority(t: Trial) -> None:
    args = (4, 2, 0.75)
    pair = build(t, 8, 16, *args, router_scale=3.0)
    for _ in range(20):  # an input on which the two orders disagree
        x = tc.randn(t.rng, 2, 6, 8)
        a = routed(pair.params, x, *args)["dropped"]
        if not np.array_equal(a, routed(pair.params, x, *args, priority="token")["dropped"]):
            break
    _, _, dropped = outputs(pair.sub_fn(x), "MoE")
    check_drops(pair, x, args, dropped, "MoE(top_k=2, capacity_factor=0.75) on 12 tokens")


@suite.check(
    "dropped tokens pass through unchanged",
    hint="a token whose every choice was dropped gets no expert output: y = x for it",
)
def pass_through(t: Trial) -> None:
    C, E = 8, 4
    router = np.zeros((E, C), np.float32)
    router[0, 0], router[1, 0] = 4.0, 3.0  # every token with x[..., 0] > 0 wants experts 0, 1
    args = (E, 2, 0.5)
    pair = build(t, C, 16, *args, router=router)
    x = tc.randn(t.rng, 2, 8, C)
    x[..., 0] = np.abs(x[..., 0]) + 0.5
    y, _, dropped = outputs(pair.sub_fn(x), "MoE")
    gone = dropped.astype(bool).all(axis=-1)
    compare.is_true(
        bool(gone.any()),
        f"with every token choosing experts 0 and 1 and capacity "
        f"{routed(pair.params, x, *args)['capacity']}, some tokens must lose both choices; "
        "your dropped mask drops none",
    )
    compare.close(
        y[gone],
        x[gone],
        what=f"y for the {int(gone.sum())} tokens that lost every choice",
        atol=1e-6,
        diagnose={"the residual is missing: a dropped token comes out as zeros": np.zeros_like(
            x[gone])},
    )
    check_all(pair, x, args, "MoE with every token routed to experts 0 and 1")


@suite.check(
    "load-balancing loss",
    hint="aux = n_experts * sum_i f_i * P_i: f_i is the share of the N*k choices that picked "
    "expert i (before capacity), P_i the mean router probability",
)
def aux_loss(t: Trial) -> None:
    for args, scale in (((4, 2, 4.0), 2.0), ((8, 1, 1.25), 1.0)):
        pair = build(t, 8, 16, *args, router_scale=scale)
        x = tc.randn(t.rng, 3, 4, 8)
        _, aux, _ = outputs(pair.sub_fn(x), "MoE")
        ref = routed(pair.params, x, *args)
        compare.close(
            aux,
            ref["aux"],
            what=f"aux_loss, n_experts={args[0]}, top_k={args[1]}",
            rtol=1e-4,
            atol=1e-6,
            diagnose={
                "f_i are raw counts of choices instead of fractions of the N*k choices": routed(
                    pair.params, x, *args, aux="counts")["aux"],
                "f_i counts first choices only instead of all k choices": routed(
                    pair.params, x, *args, aux="top1")["aux"],
            },
        )


@suite.check(
    "gradients reach the router and every expert",
    hint="the router learns through the gate weights and the aux loss: keep both in the graph",
)
def gradients(t: Trial) -> None:
    args = (4, 2, 1.0)
    pair = build(t, 8, 16, *args, router_scale=2.0)
    x = tc.randn(t.rng, 2, 6, 8)
    upstream = tc.randn(t.rng, 2, 6, 8)
    for item, what in ((0, "sum(y * g)"), (1, "aux_loss")):  # each path on its own
        t.helper("zero_grads", pair.sub)
        out = pair.sub._keep(tensor(x))
        t.helper("backward_sum", t.helper_ref("item", out, item), upstream if item == 0 else None)
        pair.ref.zero_grad(set_to_none=True)
        y, aux, _ = pair.ref(torch.from_numpy(x))
        ((y * torch.from_numpy(upstream)).sum() if item == 0 else aux).backward()
        got = t.helper("parameters", pair.sub)
        for name, p in pair.ref.named_parameters():
            g = got[name]["grad"]
            want = np.zeros(tuple(p.shape), np.float32) if p.grad is None else p.grad.numpy()
            if g is None:
                g = np.zeros_like(want)  # a parameter outside this path has no gradient at all
            cut = {"the gate weights are detached (or read as numbers), so the router gets "
                   "no gradient from the output": np.zeros_like(want)} if item == 0 else {}
            tc.close(g, want, what=f"gradient of {name} from {what}", rtol=1e-4, atol=1e-5,
                     variants=cut)


@suite.check(
    "one expert, top-1",
    hint="E = 1 and k = 1: every token goes to the only expert with weight 1",
)
def single(t: Trial) -> None:
    args = (1, 1, 1.0)
    pair = build(t, 8, 16, *args)
    check_all(pair, tc.randn(t.rng, 1, 5, 8), args, "MoE(8, 16, n_experts=1, top_k=1)")
