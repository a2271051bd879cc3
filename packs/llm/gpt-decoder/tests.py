"""Visible checks for gpt-decoder, and the helpers the hidden checks reuse."""

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from mldrills.checks import CheckFailed, Remote, Suite, Trial, compare, tensor
from mldrills.checks import torch as tc

suite = Suite()

SMALL = {"vocab_size": 32, "block_size": 16, "n_layer": 2, "n_head": 4, "n_embd": 32}


@dataclass
class Model:
    """The reference GPT (here) and the learner's (in the child), with the same weights."""

    ref: Any
    sub: Remote
    params: dict[str, np.ndarray]
    cfg: dict[str, int]

    def sub_forward(self, idx: np.ndarray, targets: np.ndarray | None = None) -> Any:
        """``(logits, loss)`` from the learner's model (arrays)."""
        if targets is None:
            return self.sub(tensor(idx))
        return self.sub(tensor(idx), tensor(targets))

    def ref_forward(self, idx: np.ndarray, targets: np.ndarray | None = None) -> Any:
        """``(logits, loss)`` from the reference (arrays; loss None without targets)."""
        with torch.no_grad():
            tg = None if targets is None else torch.from_numpy(targets)
            logits, loss = self.ref(torch.from_numpy(idx), tg)
        return logits.numpy(), None if loss is None else float(loss)


def build(t: Trial, **overrides: int) -> Model:
    """GPT(GPTConfig(...)) here and in the child, with the same random weights."""
    cfg = {**SMALL, **overrides}
    label = "GPT(GPTConfig(" + ", ".join(f"{k}={v}" for k, v in cfg.items()) + "))"
    ref = t.ref.GPT(t.ref.GPTConfig(**cfg))
    sub = t.sub.GPT(t.sub.GPTConfig(**cfg))
    if not isinstance(sub, Remote):
        t.fail(f"{label} returned {compare.short(sub)}; expected an nn.Module instance")
    info = t.helper("parameters", sub)  # every name, a tied weight under both of its names
    got = {n: tuple(i["shape"]) for n, i in info.items()}
    want = {n: tuple(p.shape) for n, p in ref.named_parameters(remove_duplicate=False)}
    if got != want:
        lines = [f"missing: {n} {want[n]}" for n in want if n not in got]
        lines += [f"unexpected: {n} {got[n]}" for n in got if n not in want]
        lines += [f"{n} has shape {got[n]}, expected {want[n]}" for n in want if n in got
                  and got[n] != want[n]]
        t.fail(
            f"{label}: the parameters differ from the names and shapes the statement fixes "
            "(the judge loads the same weights into your model and the reference by name)\n  "
            + "\n  ".join(lines[:12])
        )
    params = tc.init_params(ref, t.rng)  # lm_head.weight is wte.weight, drawn once
    # Through the state dict, which lists a tied weight under both names (an untied head
    # gets the embedding's values too, so the tied check is the one that tells); the
    # learner's own buffers (a cached mask) are written back unchanged.
    state = t.helper("state_arrays", sub)
    for name in info:
        state[name] = params.get(name, params["wte.weight"])
    t.helper("load_state_dict", sub, state)
    sub.eval()
    ref.eval()
    return Model(ref, sub, params, cfg)


def tokens(rng: np.random.Generator, b: int, n: int, vocab: int) -> np.ndarray:
    """Random token ids, int64, shape (b, n)."""
    return rng.integers(0, vocab, size=(b, n)).astype(np.int64)


def _layer_norm(x: torch.Tensor, p: dict[str, torch.Tensor], name: str) -> torch.Tensor:
    return F.layer_norm(x, x.shape[-1:], p[f"{name}.weight"], p[f"{name}.bias"], 1e-5)


def variant_logits(
    m: Model,
    idx: np.ndarray,
    *,
    post_norm: bool = False,
    final_norm: bool = True,
    positions: bool = True,
    causal: bool = True,
) -> np.ndarray:
    """The model's logits in float64, with switches for the classic architecture mistakes."""
    p = {k: torch.from_numpy(v).double() for k, v in m.params.items()}
    nh = m.cfg["n_head"]
    ids = torch.from_numpy(idx)
    B, T = idx.shape
    x = p["wte.weight"][ids]  # (B, T, C)
    if positions:
        x = x + p["wpe.weight"][:T]
    C = x.shape[-1]

    def attn(h: torch.Tensor, pre: str) -> torch.Tensor:
        qkv = h @ p[f"{pre}.qkv.weight"].T + p[f"{pre}.qkv.bias"]
        q, k, v = (z.view(B, T, nh, C // nh).transpose(1, 2) for z in qkv.split(C, dim=-1))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=causal)  # (B, nh, T, hs)
        y = y.transpose(1, 2).reshape(B, T, C)
        return y @ p[f"{pre}.proj.weight"].T + p[f"{pre}.proj.bias"]

    def mlp(h: torch.Tensor, pre: str) -> torch.Tensor:
        h = F.gelu(h @ p[f"{pre}.fc.weight"].T + p[f"{pre}.fc.bias"])
        return h @ p[f"{pre}.proj.weight"].T + p[f"{pre}.proj.bias"]

    for i in range(m.cfg["n_layer"]):
        b = f"blocks.{i}"
        if post_norm:
            x = _layer_norm(x + attn(x, f"{b}.attn"), p, f"{b}.ln_1")
            x = _layer_norm(x + mlp(x, f"{b}.mlp"), p, f"{b}.ln_2")
        else:
            x = x + attn(_layer_norm(x, p, f"{b}.ln_1"), f"{b}.attn")
            x = x + mlp(_layer_norm(x, p, f"{b}.ln_2"), f"{b}.mlp")
    if final_norm:
        x = _layer_norm(x, p, "ln_f")
    return (x @ p["wte.weight"].T).numpy()  # (B, T, V)


def architecture_variants(m: Model, idx: np.ndarray) -> dict[str, np.ndarray]:
    """What each classic architecture mistake returns on ``idx``."""
    return {
        "post-norm blocks (x = LN(x + sublayer(x))) instead of pre-norm "
        "(x = x + sublayer(LN(x)))": variant_logits(m, idx, post_norm=True),
        "post-norm blocks and no final LayerNorm": variant_logits(
            m, idx, post_norm=True, final_norm=False
        ),
        "the final LayerNorm ln_f is not applied before the head": variant_logits(
            m, idx, final_norm=False
        ),
        "the position embeddings are never added to the token embeddings": variant_logits(
            m, idx, positions=False
        ),
        "the causal mask is missing: every position attends to the whole sequence": (
            variant_logits(m, idx, causal=False)
        ),
    }


def compare_logits(m: Model, idx: np.ndarray, what: str) -> None:
    """The learner's logits equal the reference's, naming the architecture mistake if not."""
    got = m.sub_forward(idx)
    if not isinstance(got, tuple | list) or len(got) != 2:
        raise CheckFailed(
            f"{what}: forward(idx) returned {compare.short(got)}; expected a pair "
            "(logits, loss) with loss None when no targets are given"
        )
    expected, _ = m.ref_forward(idx)
    tc.close(
        got[0],
        expected,
        what=what,
        inputs=f"idx of shape {idx.shape}, the same random weights in both models",
        variants=lambda: architecture_variants(m, idx),  # computed only on a failure
        rtol=1e-4,
        atol=1e-4,
    )


@suite.check(
    "parameter names and output shapes",
    hint="wte, wpe, blocks.<i>.{ln_1, attn.qkv, attn.proj, ln_2, mlp.fc, mlp.proj}, ln_f, "
    "lm_head: the statement lists every name; forward returns (logits, None) without targets",
)
def shapes(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 7, SMALL["vocab_size"])
    got = m.sub_forward(idx)
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 2,
        f"model(idx) returned {compare.short(got)}; expected a pair (logits, loss)",
    )
    logits = compare.as_array(got[0], "logits")
    compare.equal(list(logits.shape), [2, 7, 32], what="logits shape", inputs="idx (2, 7), V=32")
    compare.is_true(
        logits.dtype == "float32",
        f"logits have dtype {logits.dtype}, expected float32 (the parameters' dtype)",
    )
    compare.is_true(
        got[1] is None,
        f"model(idx) without targets returned loss {compare.short(got[1])}; expected None",
    )


@suite.check(
    "logits match the reference",
    hint="follow the statement's forward pass step by step: what is added to the token "
    "embeddings, where each LayerNorm sits, and what runs right before the head",
)
def logits_match(t: Trial) -> None:
    m = build(t)
    compare_logits(m, tokens(t.rng, 2, 9, SMALL["vocab_size"]), "logits (B=2, T=9)")
