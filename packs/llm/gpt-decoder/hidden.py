"""Hidden checks for gpt-decoder: causality, the tied head, the loss, edge sizes."""

import runpy
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from mldrills.checks import Suite, Trial, compare, tensor
from mldrills.checks import torch as tc

_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
build = _visible["build"]
tokens = _visible["tokens"]
compare_logits = _visible["compare_logits"]

suite = Suite()
V = 32


@suite.check(
    "no position sees the future",
    hint="changing token p must not change any logit before p: which keys may each query see?",
)
def causal(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 10, V)
    base = tc.check_finite(m.sub_forward(idx)[0], what="logits")
    for p in (9, 5, 1):
        idx2 = idx.copy()
        idx2[:, p] = (idx[:, p] + 1 + t.rng.integers(0, V - 1, size=2)) % V  # a different token
        moved_by = np.abs(compare.as_array(m.sub_forward(idx2)[0], "logits") - base)
        moved = [i for i in range(p) if moved_by[:, i].max() > 1e-4]
        if moved:
            kind = (
                "the causal mask is missing (every earlier position sees it)"
                if len(moved) == p and p > 1
                else "the causal mask is off by one (position p - 1 sees token p)"
                if moved == [p - 1]
                else "the mask is not lower-triangular"
            )
            t.fail(
                f"changing only token {p} changed the logits at earlier position(s) {moved} "
                f"(position {moved[0]} by {moved_by[:, moved[0]].max():.3g}); a next-token "
                f"prediction may use only the tokens up to its own position\n  likely "
                f"mistake: {kind}"
            )


@suite.check(
    "the output head is tied to the token embedding",
    hint="tying means one Parameter object used twice, not two parameters with equal values",
)
def tied(t: Trial) -> None:
    m = build(t, n_layer=1)
    info = t.helper("parameters", m.sub)
    compare.is_true(
        info["lm_head.weight"]["ptr"] == info["wte.weight"]["ptr"],
        "lm_head.weight and wte.weight are separate tensors: the head is not tied to the "
        "token embedding, so the model has V*C extra parameters and the two drift apart in "
        "training\n  likely mistake: lm_head built as its own nn.Linear and never pointed "
        "at wte.weight",
    )
    # One shared Parameter collects the gradient of both uses; a copy of the storage does not.
    idx, targets = tokens(t.rng, 2, 6, V), tokens(t.rng, 2, 6, V)
    t.helper("zero_grads", m.sub)
    out = m.sub._keep(tensor(idx), tensor(targets))
    t.helper("backward_sum", t.helper_ref("item", out, 1))
    after = t.helper("parameters", m.sub)
    head, emb = after["lm_head.weight"]["grad"], after["wte.weight"]["grad"]
    compare.is_true(
        head is not None and emb is not None,
        "after loss.backward() lm_head.weight or wte.weight has no gradient: the graph is "
        "cut before the loss (.detach(), .data, a numpy round trip)",
    )
    compare.is_true(
        bool(np.array_equal(head, emb)),
        "after loss.backward() lm_head.weight and wte.weight hold different gradients, so "
        "they are two Parameters that merely share storage: each sees only its own use and "
        "the optimizer updates the same numbers twice\n  likely mistake: tied through .data "
        "(or a copy); tie the Parameter itself (lm_head.weight = wte.weight)",
    )


def _learner_loss(m, idx, targets) -> tuple[torch.Tensor, float]:
    """The learner's logits, flattened to (B*T, V) float64, and their loss."""
    got = m.sub_forward(idx, targets)
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 2,
        f"model(idx, targets) returned {compare.short(got)}; expected (logits, loss)",
    )
    logits = compare.as_array(got[0], "logits")
    loss = compare.as_array(got[1], "loss")
    compare.is_true(
        loss.shape == (),
        f"the loss must be a 0-dim tensor (shape ()), got shape {loss.shape}"
        + (" (a keepdim reduction or a view kept an axis)" if loss.size == 1 else ""),
    )
    return torch.from_numpy(logits).double().reshape(-1, logits.shape[-1]), float(loss.reshape(()))


# The loss checks judge the loss of your own logits, so they hold even if the logits are off.
@suite.check(
    "loss is the mean next-token cross-entropy",
    hint="flatten (B, T, V) logits and (B, T) targets, then average over every prediction",
)
def loss_plain(t: Trial) -> None:
    m = build(t)
    idx, targets = tokens(t.rng, 3, 8, V), tokens(t.rng, 3, 8, V)
    lg, loss = _learner_loss(m, idx, targets)
    tg = torch.from_numpy(targets).reshape(-1)
    total = float(F.cross_entropy(lg, tg, reduction="sum"))
    compare.close(
        loss,
        float(F.cross_entropy(lg, tg)),
        what="loss (cross-entropy of your logits)",
        inputs="idx, targets of shape (3, 8), no ignored targets",
        rtol=1e-4,
        atol=1e-5,
        diagnose={
            "summed over positions instead of averaged": total,
            "averaged over the batch only (summed over time)": total / 3,
        },
    )


@suite.check(
    "loss skips targets equal to -100",
    hint="positions whose target is -100 are neither in the sum nor in the count",
)
def loss_ignore(t: Trial) -> None:
    m = build(t)
    idx, targets = tokens(t.rng, 3, 8, V), tokens(t.rng, 3, 8, V)
    targets[0, 5:] = -100  # padding at the end of a short sequence
    targets[2, 1:] = -100
    targets[1, 0] = -100
    lg, loss = _learner_loss(m, idx, targets)
    tg = torch.from_numpy(targets).reshape(-1)
    per = F.cross_entropy(lg, tg, ignore_index=-100, reduction="none")  # 0 where ignored
    compare.close(
        loss,
        float(F.cross_entropy(lg, tg, ignore_index=-100)),
        what="loss with ignored targets (cross-entropy of your logits)",
        inputs=f"targets of shape (3, 8) with {int((targets == -100).sum())} entries = -100",
        rtol=1e-4,
        atol=1e-5,
        diagnose={
            "ignored positions count in the average (the sum is divided by all B*T positions)": (
                float(per.sum() / tg.numel())
            ),
            "-100 was replaced by a real class (clamped to 0) instead of being skipped": float(
                F.cross_entropy(lg, tg.clamp(min=0))
            ),
        },
    )


@suite.check(
    "one token, a full block and one layer",
    hint="T may be anything from 1 to block_size; positions 0..T-1 index the table",
)
def sizes(t: Trial) -> None:
    m = build(t)
    compare_logits(m, tokens(t.rng, 2, 1, V), "logits for T=1")
    compare_logits(m, tokens(t.rng, 1, 16, V), "logits for T = block_size = 16")
    one = build(t, n_layer=1, n_head=1, n_embd=16, vocab_size=11, block_size=8)
    compare_logits(one, tokens(t.rng, 3, 5, 11), "logits for a 1-layer, 1-head model")


@suite.check(
    "examples in a batch are independent",
    hint="nothing in the model mixes examples: check every reduction and reshape",
)
def batch(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 3, 6, V)
    base = compare.as_array(m.sub_forward(idx)[0], "logits")
    idx2 = idx.copy()
    idx2[1:] = tokens(t.rng, 2, 6, V)
    again = compare.as_array(m.sub_forward(idx2)[0], "logits")
    compare.is_true(
        bool(np.allclose(again[0], base[0], atol=1e-5)),
        "example 0's logits changed when only examples 1 and 2 changed: something mixes "
        "examples across the batch (a reduction over dim 0, or a reshape in the wrong order)",
    )


@suite.check(
    "no dropout: training mode changes nothing",
    hint="the statement has no dropout anywhere in the model; model.train() must leave the "
    "logits alone",
)
def no_dropout(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 6, _visible["SMALL"]["vocab_size"])
    # the learner's own eval-mode logits: a wrong but deterministic model fails other
    # checks, and only something random in training gets this check's dropout message
    expected = compare.as_array(m.sub_forward(idx)[0], "logits in eval mode")
    m.sub.train()
    t.helper("manual_seed", 0)
    for _ in range(2):
        got = compare.as_array(m.sub_forward(idx)[0], "logits in train mode")
        compare.is_true(
            got.shape == expected.shape and bool(np.allclose(got, expected, rtol=1e-4, atol=1e-4)),
            "logits in train mode differ from the eval-mode logits: something random runs in "
            "training\n  likely mistake: a dropout layer (embeddings, attention or residual) "
            "that the statement does not have",
        )


@suite.check(
    "the mask holds at scores in the thousands",
    hint="a large negative number is not minus infinity: a score can be more negative than "
    "your mask value",
)
def mask_at_scale(t: Trial) -> None:
    # q = 100 * ln_1(x) and k = -100 * ln_1(x): position 0 sees only itself, with a score
    # of about -100^2 * hs / sqrt(hs) = -2e4 in every head (float32), so a future key
    # blocked with a finite value such as -1e4 outranks it under any hidden seed.
    m = build(t, n_layer=1)
    c = m.cfg["n_embd"]
    state = t.helper("state_arrays", m.sub)
    w = np.array(state["blocks.0.attn.qkv.weight"], dtype=np.float32)
    w[:c], w[c : 2 * c] = 100.0 * np.eye(c), -100.0 * np.eye(c)
    b = np.array(state["blocks.0.attn.qkv.bias"], dtype=np.float32)
    b[: 2 * c] = 0.0
    state["blocks.0.attn.qkv.weight"], state["blocks.0.attn.qkv.bias"] = w, b
    t.helper("load_state_dict", m.sub, state)
    idx = tokens(t.rng, 3, 10, V)
    base = tc.check_finite(m.sub_forward(idx)[0], what="logits with attention scores near 1e4")
    for p in (9, 6, 3):
        idx2 = idx.copy()
        idx2[:, p] = (idx[:, p] + 1 + t.rng.integers(0, V - 1, size=3)) % V
        moved_by = np.abs(compare.as_array(m.sub_forward(idx2)[0], "logits") - base)
        moved = [i for i in range(p) if moved_by[:, i].max() > 1e-3]
        compare.is_true(
            not moved,
            f"with attention scores near -2e4 (q = 100 ln_1(x), k = -q), changing only token {p} "
            f"changed the logits at earlier position(s) {moved}\n  likely mistake: the future "
            "is blocked with a large finite number (such as -1e4) instead of -inf",
        )
