"""Visible checks for kv-cache-decoding, and the helpers the hidden checks reuse."""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from mldrills.checks import Remote, Suite, Trial, compare, tensor
from mldrills.checks import torch as tc

suite = Suite()

SMALL = {"vocab_size": 32, "block_size": 16, "n_layer": 2, "n_head": 4, "n_embd": 32}


@dataclass
class Model:
    """The reference GPT (here) and the learner's (in the child), with the same weights."""

    t: Trial
    ref: Any
    sub: Remote
    params: dict[str, np.ndarray]
    cfg: dict[str, int]

    def full(self, idx: np.ndarray) -> np.ndarray:
        """Reference logits for the whole sequence in one pass, (B, T, V)."""
        with torch.no_grad():
            return self.ref(torch.from_numpy(idx))[0].numpy()

    def ref_cache(self, idx: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """The reference's cache after reading the whole sequence."""
        with torch.no_grad():
            return [(k.numpy(), v.numpy()) for k, v in self.ref(torch.from_numpy(idx))[1]]

    def step(self, chunk: np.ndarray, past: Remote | None) -> tuple[np.ndarray, Remote]:
        """One call of the learner's forward; its cache stays in the child, as returned."""
        out = self.sub._keep(tensor(chunk), past)
        logits = compare.as_array(self.t.helper("item", out, 0), "logits")
        return logits, self.t.helper_ref("item", out, 1)

    def decode(self, idx: np.ndarray, chunks: Sequence[int]) -> tuple[np.ndarray, Any]:
        """Feed ``idx`` in chunks of the given sizes; the logits of every call, concatenated.

        Every call runs in one round trip (each call's cache passed to the next); the last
        cache comes back as returned (plain arrays, or a ``Remote`` for other objects).
        """
        bounds = np.cumsum([0, *chunks])
        inputs = [tensor(idx[:, a:b]) for a, b in itertools.pairwise(bounds)]
        raw, past = self.t.helper("chain_calls", self.sub, inputs)
        outs, at = [], 0
        for n, out in zip(chunks, raw):
            logits = compare.as_array(out, "logits")
            compare.equal(
                list(logits.shape),
                [idx.shape[0], n, self.cfg["vocab_size"]],
                what=f"logits shape for {n} new token(s) after {at} cached",
            )
            outs.append(logits)
            at += n
        return np.concatenate(outs, axis=1), past


def build(t: Trial, **overrides: int) -> Model:
    """GPT(GPTConfig(...)) here and in the child, with the same random weights."""
    cfg = {**SMALL, **overrides}
    label = "GPT(GPTConfig(" + ", ".join(f"{k}={v}" for k, v in cfg.items()) + "))"
    ref = t.ref.GPT(t.ref.GPTConfig(**cfg)).eval()
    sub = t.sub.GPT(t.sub.GPTConfig(**cfg))
    if not isinstance(sub, Remote):
        t.fail(f"{label} returned {compare.short(sub)}; expected an nn.Module instance")
    info = t.helper("parameters", sub)
    got = {n: tuple(i["shape"]) for n, i in info.items()}
    want = {n: tuple(p.shape) for n, p in ref.named_parameters(remove_duplicate=False)}
    if got != want:
        lines = [f"missing: {n} {want[n]}" for n in want if n not in got]
        lines += [f"unexpected: {n} {got[n]}" for n in got if n not in want]
        t.fail(f"{label}: the parameter names differ from the statement's\n  " + "\n  ".join(lines))
    params = tc.init_params(ref, t.rng)
    state = t.helper("state_arrays", sub)
    for name in info:
        state[name] = params.get(name, params["wte.weight"])
    t.helper("load_state_dict", sub, state)
    sub.eval()
    return Model(t, ref, sub, params, cfg)


def tokens(rng: np.random.Generator, b: int, n: int, vocab: int = 32) -> np.ndarray:
    """Random token ids, int64, shape (b, n)."""
    return rng.integers(0, vocab, size=(b, n)).astype(np.int64)


def stepwise(
    m: Model,
    idx: np.ndarray,
    chunks: Sequence[int],
    *,
    start: Callable[[int], int] = lambda cached: cached,
    keep_past: bool = True,
    offset_mask: str = "always",
) -> np.ndarray | None:
    """Chunked decoding in float64 with switches for the classic cache mistakes.

    ``start(cached)`` is the first position given to a chunk; ``keep_past=False`` drops
    the cache after every call; ``offset_mask="never"`` aligns the causal mask to the
    top-left corner (what ``is_causal=True`` does with more keys than queries), ``"single"``
    shifts it only for one-token calls (no mask there, ``is_causal=T > 1``).
    """
    p = {k: torch.from_numpy(v).double() for k, v in m.params.items()}
    nh, C = m.cfg["n_head"], m.cfg["n_embd"]
    B, hs = idx.shape[0], C // nh
    cache: list[tuple[torch.Tensor, torch.Tensor] | None] = [None] * m.cfg["n_layer"]
    cached, outs = 0, []

    def ln(x: torch.Tensor, name: str) -> torch.Tensor:
        return F.layer_norm(x, (C,), p[f"{name}.weight"], p[f"{name}.bias"], 1e-5)

    def lin(x: torch.Tensor, name: str) -> torch.Tensor:
        return x @ p[f"{name}.weight"].T + p[f"{name}.bias"]

    at = 0
    for n in chunks:
        s = start(cached)
        if s + n > m.cfg["block_size"]:
            return None  # this mistake would run off the position table
        x = p["wte.weight"][torch.from_numpy(idx[:, at : at + n])] + p["wpe.weight"][s : s + n]
        for i in range(m.cfg["n_layer"]):
            b = f"blocks.{i}"
            q, k, v = (
                z.view(B, n, nh, hs).transpose(1, 2)
                for z in lin(ln(x, f"{b}.ln_1"), f"{b}.attn.qkv").split(C, dim=-1)
            )
            past = cache[i]
            if past is not None:
                k, v = torch.cat([past[0], k], 2), torch.cat([past[1], v], 2)
            total = k.shape[2]
            shifted = offset_mask == "always" or (offset_mask == "single" and n == 1)
            diag = total - n if shifted else 0
            mask = torch.ones(n, total, dtype=torch.bool).tril(diagonal=diag)
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
            cache[i] = (k, v) if keep_past else (k[:, :, -n:], v[:, :, -n:])
            x = x + lin(y.transpose(1, 2).reshape(B, n, C), f"{b}.attn.proj")
            x = x + lin(F.gelu(lin(ln(x, f"{b}.ln_2"), f"{b}.mlp.fc")), f"{b}.mlp.proj")
        outs.append(ln(x, "ln_f") @ p["wte.weight"].T)
        cached = cache[0][0].shape[2] if cache[0] is not None else 0
        at += n
    return torch.cat(outs, dim=1).numpy()


def cache_variants(
    m: Model, idx: np.ndarray, chunks: Sequence[int]
) -> dict[str, np.ndarray]:
    """What each classic KV-cache mistake returns for this decoding schedule."""
    variants = {
        "the position offset is not advanced: every call numbers its new tokens from 0": (
            stepwise(m, idx, chunks, start=lambda cached: 0)
        ),
        "the position offset is one too far: after a cache, new tokens start at "
        "cached + 1": stepwise(m, idx, chunks, start=lambda cached: cached + 1 if cached else 0),
        "the cache is replaced by the new keys and values instead of extended": stepwise(
            m, idx, chunks, keep_past=False
        ),
        "the causal mask of a chunk is not shifted by the number of cached positions "
        "(is_causal=True with more keys than queries aligns the mask top-left)": stepwise(
            m, idx, chunks, offset_mask="single"
        ),
        "the causal mask ignores the cache (is_causal=True on every call aligns it "
        "top-left, so a single new token sees only key 0)": stepwise(
            m, idx, chunks, offset_mask="never"
        ),
    }
    return {k: v for k, v in variants.items() if v is not None}


def check_decoding(m: Model, idx: np.ndarray, chunks: Sequence[int], what: str) -> Any:
    """Chunked decoding must give the full forward's logits at every position."""
    got, cache = m.decode(idx, chunks)
    tc.close(
        got,
        m.full(idx),
        what=what,
        inputs=f"idx {idx.shape}, fed in chunks of {list(chunks)}; expected: one full "
        "forward pass over the whole sequence",
        variants=lambda: cache_variants(m, idx, chunks),  # computed only on a failure
        rtol=1e-4,
        atol=1e-4,
    )
    return cache


def check_cache(m: Model, cache: Any, idx: np.ndarray, what: str) -> None:
    """The returned cache holds every position's keys and values, in order."""
    got = m.t.helper("identity", cache) if isinstance(cache, Remote) else cache
    want = m.ref_cache(idx)
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == len(want),
        f"{what}: expected a list of {len(want)} (k, v) pairs (one per layer), got "
        f"{compare.short(got)}",
    )
    for layer, (pair, (k, v)) in enumerate(zip(got, want, strict=True)):
        for name, g, w in (("k", pair[0], k), ("v", pair[1], v)):
            arr = compare.as_array(g, f"{what}: layer {layer} {name}")
            if arr.shape != w.shape and arr.ndim == 4 and arr.shape[2] < w.shape[2]:
                m.t.fail(
                    f"{what}: layer {layer} {name} has shape {arr.shape} after "
                    f"{w.shape[2]} positions, expected {w.shape} (B, n_head, positions, "
                    "head_size)\n  likely mistake: the cache is replaced by the newest "
                    "keys and values instead of extended along the time axis (dim 2)"
                )
            compare.is_true(
                arr.dtype == np.float32,
                f"{what}: layer {layer} {name} has dtype {arr.dtype}, expected float32",
            )
            scaled = {
                "the keys are cached already divided by sqrt(head_size); the cache must hold "
                "the plain keys that attention multiplies": np.asarray(w) / np.sqrt(w.shape[-1])
            }
            compare.close(
                arr,
                w,
                what=f"{what}: layer {layer} {name}",
                rtol=1e-4,
                atol=1e-4,
                diagnose=scaled if name == "k" else None,
            )


@suite.check(
    "prefill matches the full forward and returns the cache",
    hint="with no cache the model is a plain GPT; the cache holds each layer's k and v as "
    "(B, n_head, T, head_size)",
)
def prefill(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 6)
    cache = check_decoding(m, idx, [6], "logits of one call on 6 tokens, no cache")
    check_cache(m, cache, idx, "cache returned after 6 tokens")


@suite.check(
    "token-by-token decoding matches the full forward",
    hint="each call adds one token: which position is it at, and which keys may it see?",
)
def one_by_one(t: Trial) -> None:
    m = build(t)
    idx = tokens(t.rng, 2, 8)
    check_decoding(m, idx, [1] * 8, "logits decoded one token per call")
