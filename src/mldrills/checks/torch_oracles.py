"""Float64 oracles of correct and classic buggy computations, used to name a mistake.

Each ``*_variants`` function returns ``{description of a mistake: what that mistake
outputs}`` for one input, so ``mldrills.checks.torch.close`` can say which known bug a
learner's output matches. Re-exported by ``mldrills.checks.torch``; see its docstring.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import torch

# ----------------------------------------------------------------------------- attention


def _f64(a: Any) -> np.ndarray:
    if isinstance(a, torch.Tensor):
        return np.asarray(a.detach().cpu().numpy(), dtype=np.float64)
    return np.asarray(a, dtype=np.float64)


def _softmax(scores: np.ndarray, axis: int) -> np.ndarray:
    """Softmax in numpy; an all -inf slice gives NaN, as in torch."""
    top = np.max(scores, axis=axis, keepdims=True)
    e = np.exp(scores - np.where(np.isfinite(top), top, 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(e / e.sum(axis=axis, keepdims=True))


def attend(
    q: Any,
    k: Any,
    v: Any,
    *,
    mask: Any = None,
    causal: bool = False,
    scale: float | None = None,
    softmax_dim: int = -1,
    mask_after_softmax: bool = False,
    causal_offset: int = 0,
    empty_rows: str = "zero",
) -> np.ndarray:
    """Attention ``softmax(q k^T * scale + mask) v`` in float64 numpy, with switches for bugs.

    ``q``: (..., Tq, d), ``k``: (..., Tk, d), ``v``: (..., Tk, dv). ``mask`` broadcasts
    to (..., Tq, Tk): boolean (True = may attend) or additive floats (0 / -inf).
    ``causal`` keeps key j for query i when j <= i + ``causal_offset``. A query row with
    no visible key gives zeros (``empty_rows="zero"``), NaN (``"nan"``: what -inf then
    softmax gives) or a uniform average over every key (``"uniform"``: what a finite
    fill such as -1e9 gives). ``mask_after_softmax`` multiplies the weights by the mask
    after the softmax instead of masking the scores.
    """
    qa, ka, va = _f64(q), _f64(k), _f64(v)
    tq, tk, d = qa.shape[-2], ka.shape[-2], qa.shape[-1]
    scores = qa @ np.swapaxes(ka, -1, -2) * (1.0 / math.sqrt(d) if scale is None else scale)
    keep = np.ones((tq, tk), dtype=bool)
    if causal:
        keep = np.tril(keep, causal_offset)
    if mask is not None:
        m = np.asarray(mask)
        if m.dtype == bool:
            keep = keep & m
        else:
            keep = keep & np.isfinite(m)
            scores = scores + np.where(np.isfinite(m), m, 0.0)
    keep = np.broadcast_to(keep, scores.shape)
    if mask_after_softmax:
        weights = _softmax(scores, softmax_dim) * keep
    else:
        fill = -1e9 if empty_rows == "uniform" else -math.inf
        weights = _softmax(np.where(keep, scores, fill), softmax_dim)
        if empty_rows == "zero":
            weights = np.nan_to_num(weights, nan=0.0)
    return np.asarray(weights @ va)


def sdpa_variants(
    q: Any, k: Any, v: Any, *, mask: Any = None, causal: bool = False
) -> dict[str, np.ndarray]:
    """What the classic attention mistakes return on these inputs, by mistake."""
    d = np.asarray(q).shape[-1]
    out = {
        "scores not scaled by 1/sqrt(d_k)": attend(q, k, v, mask=mask, causal=causal, scale=1.0),
        "scores divided by d_k instead of sqrt(d_k)": attend(
            q, k, v, mask=mask, causal=causal, scale=1.0 / d
        ),
        "softmax over the queries (dim=-2) instead of over the keys (dim=-1)": attend(
            q, k, v, mask=mask, causal=causal, softmax_dim=-2
        ),
    }
    if mask is not None:
        m = np.asarray(mask)
        out["the mask is ignored"] = attend(q, k, v, causal=causal)
        if m.dtype == bool:
            out["boolean mask read backwards (here True means 'may attend')"] = attend(
                q, k, v, mask=~m, causal=causal
            )
        else:
            out[
                "additive mask used as a 0/1 mask (masked_fill(mask == 0, -inf)): its zeros "
                "block keys and its -inf entries let them through"
            ] = attend(q, k, v, mask=m != 0, causal=causal)
    if mask is not None or causal:
        out[
            "mask applied after the softmax (weights multiplied by 0/1), so rows no longer sum to 1"
        ] = attend(q, k, v, mask=mask, causal=causal, mask_after_softmax=True)
    if causal:
        out["no causal mask: every position attends to the whole sequence"] = attend(
            q, k, v, mask=mask
        )
        out["causal mask off by one: each position also sees the next token"] = attend(
            q, k, v, mask=mask, causal=True, causal_offset=1
        )
        for rows in ("nan", "uniform"):
            name = "causal mask also hides the diagonal: a position cannot attend to itself" + (
                " (row 0 has no key left and becomes NaN)"
                if rows == "nan"
                else " (row 0 has no key left; a finite fill makes it average every position)"
            )
            out[name] = attend(q, k, v, mask=mask, causal=True, causal_offset=-1, empty_rows=rows)
    return out


def split_heads(x: Any, n_head: int) -> np.ndarray:
    """(B, T, H*hs) -> (B, H, T, hs)."""
    xa = _f64(x)
    b, t, c = xa.shape
    return xa.reshape(b, t, n_head, c // n_head).transpose(0, 2, 1, 3)


def merge_heads(y: Any) -> np.ndarray:
    """(B, H, T, hs) -> (B, T, H*hs)."""
    ya = _f64(y)
    b, h, t, hs = ya.shape
    return ya.transpose(0, 2, 1, 3).reshape(b, t, h * hs)


def mha_variants(
    q: Any,
    k: Any,
    v: Any,
    n_head: int,
    *,
    n_kv_head: int | None = None,
    causal: bool = False,
    mask: Any = None,
    out: Callable[[np.ndarray], Any] | None = None,
) -> dict[str, np.ndarray]:
    """Multi-head attention mistakes, from projected ``q`` (B, Tq, C) and ``k``, ``v`` (B, Tk, Ckv).

    Heads are split as (B, H, T, hs); with ``n_kv_head`` < ``n_head`` (grouped-query)
    query head h reads kv head h // (n_head // n_kv_head). ``mask`` broadcasts to
    (B, H, Tq, Tk). ``out`` maps the merged (B, Tq, C) float64 array to the final
    output (e.g. the output projection).
    """
    n_kv = n_kv_head or n_head
    group = n_head // n_kv
    finish = out or (lambda y: y)

    def run(
        split: Callable[[Any, int], np.ndarray] = split_heads,
        merge: Callable[[Any], np.ndarray] = merge_heads,
        expand: Callable[[np.ndarray], np.ndarray] = lambda h: np.repeat(h, group, axis=1),
        **kw: Any,
    ) -> np.ndarray:
        qh, kh, vh = split(q, n_head), expand(split(k, n_kv)), expand(split(v, n_kv))
        y = attend(qh, kh, vh, mask=mask, causal=causal, **kw)
        return np.asarray(finish(merge(y)))

    def no_transpose(x: Any, h: int) -> np.ndarray:
        xa = _f64(x)
        b, t, c = xa.shape
        return xa.reshape(b, h, t, c // h)

    def merge_no_transpose(y: Any) -> np.ndarray:
        ya = _f64(y)
        b, h, t, hs = ya.shape
        return ya.reshape(b, t, h * hs)

    c = np.asarray(q).shape[-1]
    variants = {
        "scores not scaled by 1/sqrt(d_k)": run(scale=1.0),
        "scores scaled by 1/sqrt(d_model) instead of 1/sqrt(head_size)": run(
            scale=1.0 / math.sqrt(c)
        ),
        "softmax over the queries (dim=-2) instead of over the keys (dim=-1)": run(softmax_dim=-2),
        "heads split with view(B, n_head, T, head_size) without the transpose, so each head "
        "mixes positions": run(split=no_transpose),
        "heads merged with view(B, T, C) without transposing (B, n_head, T, head_size) back "
        "first": run(merge=merge_no_transpose),
        "heads split and merged with plain view/reshape and no transposes, so each head mixes "
        "positions": run(split=no_transpose, merge=merge_no_transpose),
    }
    if causal:
        variants["no causal mask: every position attends to the whole sequence"] = run(
            causal_offset=10**9
        )
        variants["causal mask off by one: each position also sees the next token"] = run(
            causal_offset=1
        )
        variants["causal mask also hides the diagonal: a position cannot attend to itself"] = run(
            causal_offset=-1, empty_rows="nan"
        )
        variants[
            "causal mask also hides the diagonal: a position cannot attend to itself "
            "(row 0 has no key left; a finite fill makes it average every position)"
        ] = run(causal_offset=-1, empty_rows="uniform")
    if causal or mask is not None:
        variants[
            "mask applied after the softmax (weights multiplied by 0/1), so rows no longer sum to 1"
        ] = run(mask_after_softmax=True)
    if group > 1:
        variants[
            "kv heads tiled with .repeat() instead of .repeat_interleave(): query head h "
            "reads kv head h % n_kv_head instead of h // group"
        ] = run(expand=lambda h: np.tile(h, (1, group, 1, 1)))
    return variants


def _linear(params: Mapping[str, np.ndarray], name: str, x: Any) -> np.ndarray:
    out: np.ndarray = np.asarray(x, dtype=float) @ params[f"{name}.weight"].astype(float).T
    bias = params.get(f"{name}.bias")
    return out if bias is None else out + bias.astype(float)


def fused_qkv_variants(
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    n_head: int,
    *,
    causal: bool = True,
    qkv: str = "qkv",
    proj: str = "proj",
) -> dict[str, np.ndarray]:
    """``mha_variants`` for the nanoGPT layout: one ``qkv`` Linear (q, k, v in that order
    along the output) and an output Linear ``proj``, with the weights in ``params``."""
    q, k, v = np.split(_linear(params, qkv, x), 3, axis=-1)
    return mha_variants(q, k, v, n_head, causal=causal, out=lambda y: _linear(params, proj, y))


def projected_variants(
    params: Mapping[str, np.ndarray],
    query: np.ndarray,
    key: np.ndarray,
    value: np.ndarray,
    n_head: int,
    *,
    n_kv_head: int | None = None,
    causal: bool = False,
    mask: Any = None,
    names: tuple[str, str, str, str] = ("q_proj", "k_proj", "v_proj", "out_proj"),
) -> dict[str, np.ndarray]:
    """``mha_variants`` for separate q, k, v and output Linears (named by ``names``)."""
    q, k, v, out = names
    return mha_variants(
        _linear(params, q, query),
        _linear(params, k, key),
        _linear(params, v, value),
        n_head,
        n_kv_head=n_kv_head,
        causal=causal,
        mask=mask,
        out=lambda y: _linear(params, out, y),
    )


# ----------------------------------------------------------------------------- positions


def rope(
    x: Any,
    positions: Any = None,
    *,
    base: float = 10000.0,
    pairing: str = "adjacent",
    exponent_step: int = 2,
    direction: int = 1,
) -> np.ndarray:
    """Rotary position embedding of ``x`` (..., T, d) in float64, with switches for bugs.

    Pair i of features is rotated by ``positions * base ** (-exponent_step * i / d)``;
    ``pairing="adjacent"`` pairs features (2i, 2i+1) (the RoFormer / original LLaMA
    layout), ``"half"`` pairs (i, i + d/2) (the GPT-NeoX ``rotate_half`` layout).
    ``direction=-1`` rotates the other way.
    """
    xa = _f64(x)
    t, d = xa.shape[-2], xa.shape[-1]
    pos = np.arange(t, dtype=float) if positions is None else _f64(positions)
    inv_freq = base ** (-exponent_step * np.arange(d // 2) / d)  # (d/2,)
    angles = direction * pos[:, None] * inv_freq[None, :]  # (T, d/2)
    cos, sin = np.cos(angles), np.sin(angles)
    if pairing == "adjacent":
        a, b = xa[..., 0::2], xa[..., 1::2]
        return np.stack([a * cos - b * sin, a * sin + b * cos], axis=-1).reshape(xa.shape)
    a, b = xa[..., : d // 2], xa[..., d // 2 :]
    return np.concatenate([a * cos - b * sin, a * sin + b * cos], axis=-1)


def rope_variants(x: Any, positions: Any = None, *, base: float = 10000.0) -> dict[str, Any]:
    """What the classic RoPE mistakes return for ``x`` (..., T, d), by mistake."""
    t = np.asarray(x).shape[-2]
    pos = np.arange(t) if positions is None else np.asarray(positions)
    return {
        "features paired as (i, i + d/2) (the rotate_half layout) instead of adjacent pairs "
        "(2i, 2i+1)": rope(x, pos, base=base, pairing="half"),
        "frequencies base^(-i/d) instead of base^(-2i/d)": rope(x, pos, base=base, exponent_step=1),
        "rotation in the wrong direction (the sign of sin is flipped)": rope(
            x, pos, base=base, direction=-1
        ),
        "the positions argument is ignored (0..T-1 used instead)": rope(x, None, base=base),
        "positions counted from 1 instead of 0": rope(x, pos + 1, base=base),
        "the base argument is ignored (10000 used instead)": rope(x, pos),
    }


def sinusoidal(
    n: int,
    d: int,
    *,
    base: float = 10000.0,
    layout: str = "interleaved",
    exponent: str = "pair",
    first: int = 0,
    swap: bool = False,
) -> np.ndarray:
    """The (n, d) sinusoidal position table in float64, with switches for bugs.

    Correct: column 2i is sin(p * base^(-2i/d)) and column 2i+1 the cos of the same angle.
    ``layout="concatenated"`` puts all sines first; ``exponent="column"`` gives column j
    the exponent j/d; ``exponent="intdiv"`` computes (2i) // d (always 0); ``first``
    is the first position; ``swap`` puts cos in the even columns.
    """
    pos = np.arange(first, first + n, dtype=float)[:, None]  # (n, 1)
    cols = np.arange(d)
    if exponent == "pair":
        expo = 2 * (cols // 2) / d
    elif exponent == "column":
        expo = cols / d
    else:
        expo = ((2 * (cols // 2)) // d).astype(float)
    angles = pos * base ** (-expo)  # (n, d)
    if layout == "concatenated":
        half = pos * base ** (-2 * np.arange(d // 2) / d)
        return np.concatenate([np.sin(half), np.cos(half)], axis=1)
    even = (cols % 2 == 0) != swap
    return np.where(even, np.sin(angles), np.cos(angles))


def sinusoidal_variants(n: int, d: int, *, base: float = 10000.0) -> dict[str, np.ndarray]:
    """What the classic sinusoidal-table mistakes return, by mistake."""
    return {
        "all sines first, then all cosines (concatenated) instead of interleaved": sinusoidal(
            n, d, base=base, layout="concatenated"
        ),
        "sine and cosine swapped (cos in the even columns)": sinusoidal(n, d, base=base, swap=True),
        "each column uses its own exponent j/d, so a cosine column gets a different "
        "frequency from its sine partner": sinusoidal(n, d, base=base, exponent="column"),
        "integer division in the exponent: (2 * i) // d is 0, so every frequency is 1": (
            sinusoidal(n, d, base=base, exponent="intdiv")
        ),
        "positions counted from 1 instead of 0": sinusoidal(n, d, base=base, first=1),
        "the base argument is ignored (10000 used instead)": sinusoidal(n, d),
    }


# ----------------------------------------------------------------------------- normalisation


def layer_norm_variants(
    x: Any, weight: Any, bias: Any, eps: float, *, token_axis: int | None = -2
) -> dict[str, np.ndarray]:
    """What the classic LayerNorm mistakes return for ``x`` (..., C), by mistake.

    ``token_axis`` is the sequence axis used by the wrong-axis variants (None: skip them).
    """
    xa, w, b = _f64(x), _f64(weight), _f64(bias)

    def norm(axis: Any = -1, ddof: int = 0, eps_inside: bool = True, center: bool = True) -> Any:
        mu = xa.mean(axis=axis, keepdims=True)
        dev = xa - mu if center else xa
        n = math.prod(xa.shape[a] for a in np.atleast_1d(axis))
        var = (dev * dev).sum(axis=axis, keepdims=True) / (n - ddof)
        with np.errstate(divide="ignore", invalid="ignore"):
            return (xa - mu) / (np.sqrt(var + eps) if eps_inside else np.sqrt(var) + eps)

    unbiased, eps_outside, uncentered = norm(ddof=1), norm(eps_inside=False), norm(center=False)
    out = {
        "unbiased variance (divides by C - 1, torch.var's default) instead of C": unbiased,
        "eps added outside the square root: sqrt(var) + eps instead of sqrt(var + eps)": (
            eps_outside
        ),
        "variance taken around 0 (mean of x^2) instead of around the mean": uncentered,
    }
    with np.errstate(divide="ignore", invalid="ignore"):
        out["no eps: a row with zero variance divides 0 by 0"] = (
            xa - xa.mean(-1, keepdims=True)
        ) / xa.std(-1, keepdims=True)
    if token_axis is not None and xa.ndim >= 2:
        out["statistics over the sequence axis instead of each token's features"] = norm(
            axis=token_axis
        )
        out["statistics over the whole (T, C) slice instead of each token's features"] = norm(
            axis=(token_axis, -1)
        )
    variants = {mistake: y * w + b for mistake, y in out.items()}
    variants["weight and bias not applied"] = norm()
    variants["bias not added"] = norm() * w
    return variants


def rms_norm_variants(
    x: Any, weight: Any, eps: float, *, token_axis: int | None = -2
) -> dict[str, np.ndarray]:
    """What the classic RMSNorm mistakes return for ``x`` (..., C), by mistake."""
    xa, w = _f64(x), _f64(weight)
    ms = (xa * xa).mean(axis=-1, keepdims=True)
    centered = xa - xa.mean(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = {
            "subtracts the mean first (that is LayerNorm, not RMSNorm)": centered
            / np.sqrt((centered * centered).mean(-1, keepdims=True) + eps),
            "eps added outside the square root: sqrt(mean(x^2)) + eps": xa / (np.sqrt(ms) + eps),
            "root of the sum of squares instead of the mean (forgot to divide by C)": xa
            / np.sqrt((xa * xa).sum(-1, keepdims=True) + eps),
            "mean of squares used without the square root": xa / (ms + eps),
            "no eps: an all-zero row divides 0 by 0": xa / np.sqrt(ms),
        }
    if token_axis is not None and xa.ndim >= 2:
        out["mean square over the sequence axis instead of each token's features"] = xa / np.sqrt(
            (xa * xa).mean(axis=token_axis, keepdims=True) + eps
        )
    variants = {mistake: y * w for mistake, y in out.items()}
    variants["weight not applied"] = xa / np.sqrt(ms + eps)
    return variants


# ----------------------------------------------------------------------------- activations


def gelu_variants(x: Any, approximate: str = "none") -> dict[str, np.ndarray]:
    """What the classic GELU mistakes return for ``x``, by mistake (float64)."""
    xt = torch.from_numpy(_f64(x))
    exact = 0.5 * xt * (1 + torch.erf(xt / math.sqrt(2)))
    tanh = 0.5 * xt * (1 + torch.tanh(math.sqrt(2 / math.pi) * (xt + 0.044715 * xt**3)))
    out = {
        "erf(x) instead of erf(x / sqrt(2)) in the normal CDF": 0.5 * xt * (1 + torch.erf(xt)),
        "the 1/2 factor of the normal CDF is missing": xt * (1 + torch.erf(xt / math.sqrt(2))),
        "x * sigmoid(1.702 x), a third approximation": xt * torch.sigmoid(1.702 * xt),
        "ReLU instead of GELU": torch.relu(xt),
        "the cubic term 0.044715 x^3 is missing from the tanh form": 0.5
        * xt
        * (1 + torch.tanh(math.sqrt(2 / math.pi) * xt)),
    }
    if approximate == "none":
        out["the tanh approximation used where the exact (erf) GELU was asked"] = tanh
    else:
        out["the exact (erf) GELU used where the tanh approximation was asked"] = exact
    return {mistake: y.numpy() for mistake, y in out.items()}
