"""Visible checks for moe-layer, and the helpers the hidden checks reuse."""

import math
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from mldrills.checks import CheckFailed, Suite, Trial, compare
from mldrills.checks import torch as tc

suite = Suite()
NAME = "MoE"


def routed(
    params: dict[str, np.ndarray],
    x: np.ndarray,
    n_experts: int,
    top_k: int,
    capacity_factor: float,
    *,
    renormalise: bool = True,
    capacity: str = "ceil",
    priority: str = "choice",
    residual: bool = True,
    aux: str = "fractions",
) -> dict[str, Any]:
    """The layer in float64 with switches for the classic mistakes (defaults: correct).

    Returns y, aux_loss, dropped (B, T, k) and the routing (top_e) for messages.
    """
    p = {n: torch.from_numpy(v).double() for n, v in params.items()}
    B, T, C = x.shape
    xf = torch.from_numpy(x).double().reshape(B * T, C)
    N, E, k = B * T, n_experts, top_k
    probs = F.softmax(xf @ p["router.weight"].T, dim=-1)  # (N, E)
    top_p, top_e = probs.topk(k, dim=-1)
    gates = top_p / top_p.sum(-1, keepdim=True) if renormalise else top_p
    raw = capacity_factor * N * k / E
    cap = {"ceil": math.ceil(raw), "floor": math.floor(raw), "none": N * k}[capacity]
    # order in which choices claim slots: (rank, token) or (token, rank)
    ranks, toks = torch.meshgrid(torch.arange(k), torch.arange(N), indexing="ij")
    if priority == "token":
        ranks, toks = ranks.T, toks.T
    kept = torch.zeros(N, k, dtype=torch.bool)
    used = [0] * E
    for r, i in zip(ranks.reshape(-1).tolist(), toks.reshape(-1).tolist(), strict=True):
        e = int(top_e[i, r])
        if used[e] < cap:
            used[e] += 1
            kept[i, r] = True
    out = torch.zeros_like(xf)
    for i in range(N):
        for r in range(k):
            if kept[i, r]:
                e = int(top_e[i, r])
                h = F.gelu(xf[i] @ p[f"experts.{e}.fc.weight"].T + p[f"experts.{e}.fc.bias"])
                out[i] += gates[i, r] * (h @ p[f"experts.{e}.proj.weight"].T
                                         + p[f"experts.{e}.proj.bias"])
    y = (xf + out if residual else out).reshape(B, T, C)
    counts = F.one_hot(top_e, E).sum(dim=(0, 1)).double()
    f = {
        "fractions": counts / (N * k),
        "counts": counts,
        "top1": F.one_hot(top_e[:, 0], E).sum(0).double() / N,
    }[aux]
    aux_loss = E * float((f * probs.mean(0)).sum())
    return {"y": y.numpy(), "aux": aux_loss, "dropped": (~kept).reshape(B, T, k).numpy(),
            "top_e": top_e.reshape(B, T, k).numpy(), "capacity": cap}


def build(t: Trial, d_model: int, d_hidden: int, n_experts: int, top_k: int, cf: float,
          *, router_scale: float = 1.0, router: np.ndarray | None = None) -> tc.Pair:
    """The learner's MoE and the reference with the same weights (router optionally set)."""
    pair = tc.build(t, NAME, d_model, d_hidden, n_experts, top_k, cf)
    w = pair.params["router.weight"] * router_scale if router is None else router
    pair.params["router.weight"] = np.asarray(w, dtype=np.float32)
    t.helper("load_parameters", pair.sub, pair.params)
    with torch.no_grad():
        pair.ref.router.weight.copy_(torch.from_numpy(pair.params["router.weight"]))
    return pair


def outputs(got: Any, what: str) -> tuple[np.ndarray, float, np.ndarray]:
    """Unpack the learner's (y, aux_loss, dropped)."""
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 3,
        f"{what}: expected a tuple (y, aux_loss, dropped), got {compare.short(got)}",
    )
    y = compare.as_array(got[0], f"{what}: y")
    compare.is_true(y.dtype == np.float32, f"{what}: y has dtype {y.dtype}, expected float32")
    aux = compare.as_array(got[1], f"{what}: aux_loss")
    compare.is_true(
        aux.shape == (),
        f"{what}: aux_loss must be a 0-dim tensor (shape ()), got shape {aux.shape}"
        + (" (keepdim or a view kept an axis)" if aux.size == 1 else ""),
    )
    dropped = compare.as_array(got[2], f"{what}: dropped")
    compare.is_true(
        dropped.dtype == np.bool_,
        f"{what}: dropped has dtype {dropped.dtype}, expected bool (True = dropped)",
    )
    return y, float(aux.reshape(())), dropped


def describe_drops(dropped: np.ndarray, top_e: np.ndarray) -> str:
    """The dropped choices as 'token (b, t) choice r -> expert e'."""
    items = [f"token ({b},{s}) choice {r} -> expert {top_e[b, s, r]}"
             for b, s, r in np.argwhere(dropped)]
    return "[" + ", ".join(items[:8]) + (", ..." if len(items) > 8 else "") + "]"


DROP_MISTAKES = {
    "the capacity is never enforced, so an overfull expert keeps every token": {
        "capacity": "none"
    },
    "the capacity is rounded down (floor) instead of up (ceil)": {"capacity": "floor"},
    "slots are filled token by token (both choices of token 0, then token 1...) instead of "
    "all first choices before any second choice": {"priority": "token"},
}


def check_drops(pair: tc.Pair, x: np.ndarray, args: tuple, dropped: np.ndarray, what: str) -> None:
    """The learner's dropped mask equals the reference's, naming the rule it follows instead."""
    want = routed(pair.params, x, *args)
    if dropped.shape != want["dropped"].shape:
        raise CheckFailed(
            f"{what}: dropped has shape {dropped.shape}, expected {want['dropped'].shape} (B, T, k)"
        )
    if np.array_equal(dropped.astype(bool), want["dropped"]):
        return
    tag = [m for m, sw in DROP_MISTAKES.items()
           if np.array_equal(dropped.astype(bool), routed(pair.params, x, *args, **sw)["dropped"])]
    raise CheckFailed(
        f"{what}: capacity {want['capacity']} per expert; you dropped "
        f"{describe_drops(dropped.astype(bool), want['top_e'])}, expected "
        f"{describe_drops(want['dropped'], want['top_e'])}",
        hint=f"likely mistake: {tag[0]}" if tag else None,
    )


def check_all(pair: tc.Pair, x: np.ndarray, args: tuple, what: str) -> None:
    """y, aux_loss and dropped of the learner against the reference."""
    y, aux, dropped = outputs(pair.sub_fn(x), what)
    want_y, want_aux, _ = pair.ref_fn(x)
    check_drops(pair, x, args, dropped, what)
    tc.close(
        y,
        want_y,
        what=f"{what}: y",
        inputs=f"x of shape {x.shape}",
        variants={
            "the top-k gate weights are not renormalised to sum to 1": routed(
                pair.params, x, *args, renormalise=False)["y"],
            "the residual is missing: y must be x plus the weighted expert outputs": routed(
                pair.params, x, *args, residual=False)["y"],
        },
        rtol=1e-4,
        atol=1e-5,
    )
    compare.close(
        aux,
        float(want_aux),
        what=f"{what}: aux_loss",
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
    "no overflow: output, aux loss and drops",
    hint="softmax over experts, top-k, renormalise the k gates, weighted sum of expert "
    "outputs plus the residual",
)
def no_overflow(t: Trial) -> None:
    args = (4, 2, 4.0)  # capacity = N * k: nothing can overflow
    pair = build(t, 8, 16, *args)
    check_all(pair, tc.randn(t.rng, 2, 5, 8), args, "MoE(8, 16, n_experts=4, top_k=2, "
              "capacity_factor=4.0)(x)")


@suite.check(
    "overflow is dropped at capacity",
    hint="capacity = ceil(capacity_factor * N * k / E); fill slots with all first choices "
    "(token order), then second choices",
)
def overflow(t: Trial) -> None:
    args = (4, 2, 1.0)
    pair = build(t, 8, 16, *args, router_scale=3.0)
    check_all(pair, tc.randn(t.rng, 2, 6, 8), args, "MoE(8, 16, n_experts=4, top_k=2, "
              "capacity_factor=1.0)(x), a skewed router")
