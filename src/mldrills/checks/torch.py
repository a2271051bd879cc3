"""Torch checks: the same module and weights on both sides, and probes that name ML mistakes.

The learner's module lives in the sandboxed child; the reference module is built here,
in the supervisor, from ``t.ref``. ``build`` constructs both with the same arguments,
draws one set of weights from ``t.rng`` and loads it into both, so their outputs can be
compared value for value. Every probe is black-box: it sends inputs, reads outputs
back and decides here. Import it as ``from mldrills.checks import torch as tc``.

Modules, functions and inputs
- ``randn(rng, *shape, scale=1.0)``: a float32 normal array.
- ``run_both(t, "fn", *inputs) -> (got, expected)``: a function in the child and in the
  reference; numpy arrays arrive as tensors on both sides.
- ``build(t, "Name", *args, mode="eval", **kwargs) -> Pair``: the reference and the
  learner's module with the same weights. It first checks that the learner's module has
  exactly the reference's parameter names and shapes (the statement fixes them) and
  fails with the difference if not. Buffers (a cached mask, RoPE tables) are never
  compared or loaded.
- ``Pair.forward(*inputs) -> (got, expected)``; ``Pair.sub_fn`` / ``Pair.ref_fn`` run one
  side (numpy arrays in, numpy arrays out); ``Pair.train()`` / ``Pair.eval()``.

Comparing and naming the mistake
- ``close(got, expected, what=, inputs=, variants={mistake: output})``: like
  ``compare.close``, and on failure names the known-buggy variant the output matches
  within the check's tolerance (the closest one when several do). ``variants`` may be a
  function returning the map: it is then evaluated only when the comparison fails.
- ``attend(q, k, v, ...)``: plain attention in float64 with switches for the usual bugs.
- ``sdpa_variants(q, k, v, mask=, causal=)`` and ``mha_variants(q, k, v, n_head, ...)``
  (with ``fused_qkv_variants`` / ``projected_variants`` computing q, k, v and the output
  projection from a module's weights): what each classic attention mistake returns
  (missing 1/sqrt(d_k), softmax over the queries, mask read backwards or applied after
  the softmax, causal mask missing or off by one, heads split without the transpose, kv
  heads tiled instead of interleaved...).

Positions
- ``rope(x, positions, base=, pairing=, ...)`` (float64 oracle) and ``rope_variants``:
  the rotate_half layout instead of adjacent pairs, wrong frequency exponent, rotation
  direction, positions ignored or counted from 1, base ignored.
- ``sinusoidal(n, d, base=, ...)`` and ``sinusoidal_variants``: the fixed sine/cosine
  table and its classic mistakes (concatenated layout, swapped, per-column exponent,
  integer division, positions from 1).

Normalisation
- ``layer_norm_variants(x, weight, bias, eps)`` and ``rms_norm_variants(x, weight, eps)``:
  unbiased variance, eps outside the root, wrong axis, mean not subtracted (or
  subtracted in RMSNorm), missing gain/bias, missing eps.

Activations
- ``gelu_variants(x, approximate)``: tanh form for the exact one (and back), erf without
  the sqrt(2), missing 1/2, sigmoid approximation, ReLU, missing cubic term.

Probes (``fn`` is a numpy-in, numpy-out callable that runs the learner's code)
- ``check_finite(got, what=, axis_names=, why=)``: names the first NaN/inf and where.
- ``check_causal(fn, x, rng)``: changing token p must not move outputs before p; names
  the first leaking position and whether the leak is total or off by one.
- ``check_batch_independent(fn, x, rng)``: examples must not see each other.
- ``check_dropout(t, make, x)``: eval mode is deterministic and equals the no-dropout
  output; train mode applies dropout, and averages back to the eval output.
- ``check_gradients(t, pair, *inputs, names=)``: the same upstream gradient gives the
  reference's gradients for every float input and every parameter (a cut graph is named
  as such).
- ``check_unchanged(t, fn, *arrays, names=)``: the learner's function must not modify
  its inputs.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from mldrills.checks import compare
from mldrills.checks.core import CheckFailed, Trial
from mldrills.judge.channel import Remote, tensor

Fn = Callable[[np.ndarray], Any]

# The supervisor runs only tiny reference computations. Intra-op threads cost more than
# they save there (OpenMP wake-ups made a reference forward ~5x slower on a busy 2-core
# machine) and compete with the sandboxed children for the same cores.
torch.set_num_threads(1)

# ----------------------------------------------------------------------------- inputs


def randn(rng: np.random.Generator, *shape: int, scale: float = 1.0) -> np.ndarray:
    """A float32 array of standard normals times ``scale``."""
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def init_params(module: Any, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draw weights for every parameter of ``module`` from ``rng`` (and set them in it).

    Matrices get N(0, 1/fan_in), biases N(0, 0.2^2) (never zero, so a forgotten bias
    shows), other vectors (norm gains) 1 + N(0, 0.2^2).
    """
    params: dict[str, np.ndarray] = {}
    for name, p in module.named_parameters():
        shape = tuple(p.shape)
        if len(shape) >= 2:
            value = rng.standard_normal(shape) / math.sqrt(math.prod(shape[1:]))
        elif name.rsplit(".", 1)[-1].startswith("bias"):
            value = 0.2 * rng.standard_normal(shape)
        else:
            value = 1.0 + 0.2 * rng.standard_normal(shape)
        params[name] = np.asarray(value, dtype=np.float32)
    _assign(module, params)
    return params


def _assign(module: Any, params: Mapping[str, np.ndarray]) -> None:
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.from_numpy(np.array(params[name])).to(p.dtype))


def _to_sub(value: Any) -> Any:
    return tensor(value) if isinstance(value, np.ndarray) else value


def _to_ref(value: Any) -> Any:
    return torch.from_numpy(np.array(value)) if isinstance(value, np.ndarray) else value


def _to_numpy(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().numpy()
    if isinstance(value, tuple | list):
        return type(value)(_to_numpy(v) for v in value)
    return value


# ----------------------------------------------------------------------------- modules


@dataclass
class Pair:
    """The reference module (here) and the learner's (in the child), with the same weights."""

    ref: Any
    sub: Remote
    params: dict[str, np.ndarray]
    label: str

    def sub_fn(self, *inputs: Any, **kwargs: Any) -> Any:
        """Run the learner's module; numpy arrays arrive as tensors, outputs come back as arrays."""
        return self.sub(*map(_to_sub, inputs), **{k: _to_sub(v) for k, v in kwargs.items()})

    def ref_fn(self, *inputs: Any, **kwargs: Any) -> Any:
        """Run the reference module without autograd; tensors come back as arrays."""
        with torch.no_grad():
            out = self.ref(*map(_to_ref, inputs), **{k: _to_ref(v) for k, v in kwargs.items()})
        return _to_numpy(out)

    def forward(self, *inputs: Any, **kwargs: Any) -> tuple[Any, Any]:
        """``(got, expected)`` for the same inputs."""
        return self.sub_fn(*inputs, **kwargs), self.ref_fn(*inputs, **kwargs)

    def train(self) -> Pair:
        """Put both modules in training mode."""
        self.sub.train()
        self.ref.train()
        return self

    def eval(self) -> Pair:
        """Put both modules in evaluation mode."""
        self.sub.eval()
        self.ref.eval()
        return self


def _call_label(name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
    parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def run_both(t: Trial, name: str, *inputs: Any, **kwargs: Any) -> tuple[Any, Any]:
    """Call function ``name`` in the child and in the reference: ``(got, expected)``.

    Numpy arrays arrive as tensors on both sides; tensors come back as arrays.
    """
    got = getattr(t.sub, name)(*map(_to_sub, inputs), **{k: _to_sub(v) for k, v in kwargs.items()})
    with torch.no_grad():
        out = getattr(t.ref, name)(
            *map(_to_ref, inputs), **{k: _to_ref(v) for k, v in kwargs.items()}
        )
    return got, _to_numpy(out)


def build(t: Trial, name: str, *args: Any, mode: str = "eval", **kwargs: Any) -> Pair:
    """Construct ``name(*args, **kwargs)`` here and in the child, with the same random weights."""
    label = _call_label(name, args, kwargs)
    ref = getattr(t.ref, name)(*args, **kwargs)
    sub = getattr(t.sub, name)(*args, **kwargs)
    if not isinstance(sub, Remote):
        raise CheckFailed(f"{label} returned {compare.short(sub)}; expected an nn.Module instance")
    expect_parameters(t, sub, ref, label)
    params = init_params(ref, t.rng)
    t.helper("load_parameters", sub, params)
    pair = Pair(ref, sub, params, label)
    return pair.eval() if mode == "eval" else pair.train()


def expect_parameters(t: Trial, sub: Remote, ref: Any, label: str) -> None:
    """The learner's module must have the reference's parameter names and shapes."""
    got = {n: tuple(info["shape"]) for n, info in t.helper("parameters", sub).items()}
    want = {n: tuple(p.shape) for n, p in ref.named_parameters()}
    if got == want:
        return
    lines = []
    missing = [n for n in want if n not in got]
    extra = [n for n in got if n not in want]
    if missing:
        lines.append("missing: " + ", ".join(f"{n} {want[n]}" for n in missing))
    if extra:
        lines.append("unexpected: " + ", ".join(f"{n} {got[n]}" for n in extra))
    for n in want:
        if n in got and got[n] != want[n]:
            lines.append(f"{n} has shape {got[n]}, expected {want[n]}")
    note = ""
    if missing and not got:
        note = (
            "\n  your module has no parameters at all: are the layers assigned as attributes "
            "of an nn.Module (self.name = nn.Linear(...)), after super().__init__()?"
        )
    raise CheckFailed(
        f"{label}: the parameters differ from the ones the statement fixes (the judge loads "
        "the same weights into your module and the reference by name)\n  "
        + "\n  ".join(lines)
        + note
    )


# ----------------------------------------------------------------------------- comparing


def _distance(got: Any, alt: Any, rtol: float, atol: float) -> float:
    """The largest elementwise error of ``got`` against ``alt``, in units of the tolerance."""
    if isinstance(got, Remote):
        return math.inf
    try:
        g, a = np.asarray(got, dtype=float), np.asarray(alt, dtype=float)
    except (TypeError, ValueError):
        return math.inf
    if a.shape != g.shape:
        return math.inf
    both_nan = np.isnan(g) & np.isnan(a)
    err = np.where(both_nan, 0.0, np.abs(g - a)) / (atol + rtol * np.abs(np.nan_to_num(a)))
    return float(np.nan_to_num(err, nan=np.inf).max(initial=0.0))


Variants = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


def close(
    got: Any,
    expected: Any,
    *,
    what: str = "output",
    inputs: str | None = None,
    variants: Variants | None = None,
    rtol: float = 1e-4,
    atol: float = 1e-5,
) -> None:
    """``compare.close``, naming the known-buggy variant the output matches (the closest).

    ``variants`` maps a mistake to what it returns, or is a function returning that map
    (evaluated only when the comparison fails). A variant is named only when the output
    matches it within ``rtol``/``atol``. Variants indistinguishable from the expected
    output on this input are dropped (a head-split bug is invisible with one head), and
    variants that coincide with each other are named together, so a named mistake is
    always one this input tells apart.
    """
    try:
        compare.close(got, expected, what=what, inputs=inputs, rtol=rtol, atol=atol)
        return
    except CheckFailed:
        if variants is None:
            raise
    table = variants() if callable(variants) else variants
    exp = np.asarray(expected)
    groups: list[tuple[list[str], Any]] = []
    for mistake, out in table.items():
        if _distance(exp, out, rtol, atol) <= 1.0:
            continue  # this input cannot tell the mistake from the right answer
        same = next((g for g in groups if _distance(out, g[1], rtol, atol) <= 1.0), None)
        if same is None:
            groups.append(([mistake], out))
        else:
            same[0].append(mistake)
    # Name a mistake only when the output matches it within the check's own tolerance.
    matching = [g for g in groups if _distance(got, g[1], rtol, atol) <= 1.0]
    ranked = sorted(matching, key=lambda g: _distance(got, g[1], rtol, atol))
    diagnose = {_either(names): out for names, out in ranked}
    compare.close(got, expected, what=what, inputs=inputs, rtol=rtol, atol=atol, diagnose=diagnose)


def _either(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return "; or ".join(names) + " (this input cannot tell these apart)"


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


# ----------------------------------------------------------------------------- probes


def _array(value: Any, what: str, inputs: str | None = None) -> np.ndarray:
    return compare.as_array(value, what, inputs)


def _where(idx: Sequence[int], axis_names: Sequence[str] | None) -> str:
    if axis_names and len(axis_names) == len(idx):
        return ", ".join(f"{n}={i}" for n, i in zip(axis_names, idx, strict=True))
    return "index [" + ", ".join(map(str, idx)) + "]"


def check_finite(
    got: Any,
    *,
    what: str = "output",
    inputs: str | None = None,
    axis_names: Sequence[str] | None = None,
    why: str = "",
) -> np.ndarray:
    """Fail when ``got`` holds NaN or inf, naming the first bad position; return the array."""
    arr = _array(got, what, inputs)
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = [int(i) for i in np.argwhere(bad)[0]]
        kind = "NaN" if np.isnan(arr[tuple(idx)]) else "inf"
        msg = (
            f"{what}: {int(bad.sum())} of {arr.size} value(s) are NaN or inf; the first ({kind}) "
            f"is at {_where(idx, axis_names)}"
        )
        if why:
            msg += f"\n  {why}"
        if inputs:
            msg += f"\n  input: {inputs}"
        raise CheckFailed(msg)
    return arr


def _moved_positions(
    a: np.ndarray, b: np.ndarray, axis: int, rtol: float, atol: float
) -> np.ndarray:
    """Per position along ``axis``: the largest change scaled by the tolerance."""
    a, b = np.moveaxis(a.astype(float), axis, 0), np.moveaxis(b.astype(float), axis, 0)
    same = (a == b) | (np.isnan(a) & np.isnan(b))  # NaN where it was NaN counts as unchanged
    diff = np.where(same, 0.0, np.abs(a - b))
    ratio = np.nan_to_num(diff / (atol + rtol * np.abs(np.nan_to_num(a))), nan=np.inf)
    return np.asarray(ratio.reshape(ratio.shape[0], -1).max(axis=1))


def _leak_diagnosis(moved: list[int], p: int) -> str:
    if len(moved) == p and p >= 2:
        return (
            f"every earlier position sees token {p} (total leakage): the causal mask is missing "
            "(or the softmax runs over the queries, so each weight is normalised with later "
            "positions)"
        )
    if moved == [p - 1]:
        return (
            f"the causal mask is off by one: position {p - 1} sees token {p}, one step into "
            "the future (check the diagonal offset of the mask)"
        )
    if moved == [0]:
        return (
            "only position 0 sees the future: its row of the mask hides every key (is the "
            "diagonal masked too?) and a finite fill value turned that row into an average "
            "over all positions"
        )
    return f"positions {moved} attend to later positions: the mask is not lower-triangular"


def check_causal(
    fn: Fn,
    x: np.ndarray,
    rng: np.random.Generator,
    *,
    positions: Sequence[int] | None = None,
    time_axis: int = 1,
    what: str = "output",
    rtol: float = 1e-4,
    atol: float = 1e-5,
) -> None:
    """Changing the input at position p must leave every output before p unchanged.

    ``fn`` maps ``x`` (time on ``time_axis``) to an output with time on the same axis.
    Positions default to the last and the middle one. The failure names the first
    leaking position and the kind of leak (total, off by one, row 0 only).
    """
    n = x.shape[time_axis]
    base = check_finite(
        fn(x), what=what, why="a row where every key is masked gives NaN after the softmax"
    )
    for p in positions or sorted({n - 1, n // 2}, reverse=True):
        x2 = np.array(x, copy=True)
        at = tuple(p if axis == time_axis % x.ndim else slice(None) for axis in range(x.ndim))
        x2[at] = rng.standard_normal(x2[at].shape).astype(x.dtype) * 2.0
        y2 = _array(fn(x2), what)
        if y2.shape != base.shape:
            raise CheckFailed(f"{what}: shape {y2.shape} on the second call, {base.shape} before")
        ratio = _moved_positions(base, y2, time_axis, rtol, atol)
        moved = [i for i in range(p) if ratio[i] > 1.0]
        if moved:
            change = float(
                np.abs(np.take(base, moved[0], time_axis) - np.take(y2, moved[0], time_axis)).max()
            )
            raise CheckFailed(
                f"{what}: changing only position {p} of the input changed the output at earlier "
                f"position(s) {moved} (the first, position {moved[0]}, moved by {change:.3g}); "
                f"an output may depend only on positions up to its own\n"
                f"  likely mistake: {_leak_diagnosis(moved, p)}"
            )


def check_batch_independent(
    fn: Fn,
    x: np.ndarray,
    rng: np.random.Generator,
    *,
    what: str = "output",
    rtol: float = 1e-4,
    atol: float = 1e-5,
) -> None:
    """Each example's output depends on that example only (batch on axis 0, B >= 2)."""
    base = _array(fn(x), what)
    reason = (
        "something mixes examples across the batch: an operation over dim 0 (softmax, mean, "
        "a norm), or a view/reshape that merges the batch with another axis in the wrong order"
    )
    x2 = np.array(x, copy=True)
    x2[1:] = rng.standard_normal(x2[1:].shape).astype(x.dtype)
    y2 = _array(fn(x2), what)
    if y2.shape != base.shape:
        raise CheckFailed(f"{what}: shape {y2.shape} on the second call, {base.shape} before")
    if _moved_positions(base[:1], y2[:1], 0, rtol, atol)[0] > 1.0:
        raise CheckFailed(
            f"{what}: example 0's output changed when only the other examples of the batch "
            f"changed\n  likely mistake: {reason}"
        )
    perm = np.roll(np.arange(x.shape[0]), 1)
    y3 = _array(fn(x[perm]), what)
    compare.is_true(
        y3.shape == base.shape
        and bool(np.allclose(y3, base[perm], rtol=rtol, atol=atol, equal_nan=True)),
        f"{what}: reordering the examples of the batch did not reorder the outputs the same "
        f"way\n  likely mistake: {reason}",
    )


def check_dropout(
    t: Trial,
    make: Callable[[float], Pair],
    x: np.ndarray,
    *,
    p: float = 0.5,
    copies: int = 1024,
    what: str = "output",
    rtol: float = 1e-4,
    atol: float = 1e-5,
) -> None:
    """Dropout: off and deterministic in eval mode, on in train mode, unbiased on average.

    ``make(p)`` builds a ``Pair`` with dropout probability ``p``. ``x`` holds one example
    (batch of 1); ``copies`` copies of it in one train-mode batch give independent draws
    whose mean must match the eval output (kept values scaled by 1/(1-p)).
    """
    pair = make(p).eval()
    first, expected = pair.forward(x)
    second = pair.sub_fn(x)
    compare.is_true(
        np.array_equal(_array(first, what), _array(second, what)),
        f"{what}: in eval mode two forward passes on the same input differ, so dropout is "
        f"still active in eval mode (dropout={p})\n  likely mistake: dropout called with "
        "training=True (or a hand-made mask) instead of following the module's mode",
    )
    close(
        first,
        expected,
        what=f"{what} in eval mode with dropout={p}",
        rtol=rtol,
        atol=atol,
        variants={f"eval output scaled by (1 - p) = {1 - p:g}": np.asarray(expected) * (1 - p)},
    )
    pair.train()
    t.helper("manual_seed", 0)
    a, b = _array(pair.sub_fn(x), what), _array(pair.sub_fn(x), what)
    compare.is_true(
        not np.allclose(a, b, rtol=rtol, atol=atol),
        f"{what}: in train mode with dropout={p} two forward passes gave the same output: "
        "dropout is never applied",
    )
    many = _array(pair.sub_fn(np.repeat(x[:1], copies, axis=0)), what).astype(float)
    mean, ref = many.mean(axis=0), np.asarray(expected, dtype=float)[0]
    # Squared z-scores of the mean against the eval output: about 1 when dropout is
    # unbiased, whatever layers it sits in; missing 1/(1-p) scaling gives tens or more.
    stderr = many.std(axis=0) / math.sqrt(copies) + atol
    z2 = float(np.mean(((mean - ref) / stderr) ** 2))
    rel = float(np.linalg.norm(mean - ref) / max(float(np.linalg.norm(ref)), 1e-12))
    compare.is_true(
        z2 < 4.0,
        f"{what}: the average of {copies} train-mode passes (dropout={p}) is {rel:.0%} away "
        "from the eval-mode output; dropout must leave the expected value unchanged\n  likely "
        "mistake: kept values are not scaled by 1/(1 - p) (inverted dropout), or dropout sits "
        "before a non-linearity, where it shifts the mean",
    )


def check_unchanged(
    t: Trial, fn: Remote, *arrays: np.ndarray, names: Sequence[str] | None = None
) -> None:
    """Calling ``fn`` on tensors made from ``arrays`` must leave those tensors as they were."""
    remotes = [t.remote(tensor(a)) for a in arrays]
    fn(*remotes)
    for i, (r, a) in enumerate(zip(remotes, arrays, strict=True)):
        after = _array(r._get(), "input")
        name = names[i] if names else f"number {i + 1}"
        compare.is_true(
            after.shape == a.shape and bool(np.array_equal(after, a, equal_nan=True)),
            f"argument {name} was modified in place by your function; compute on a new tensor "
            "instead (out-of-place ops, or .clone() first)",
        )


def check_gradients(
    t: Trial,
    pair: Pair,
    *inputs: Any,
    names: Sequence[str] | None = None,
    what: str = "gradient",
    rtol: float = 1e-4,
    atol: float = 1e-5,
) -> None:
    """Backpropagate the same random upstream gradient through both modules; every float
    input's gradient and every parameter's must match the reference's."""
    upstream = randn(t.rng, *np.asarray(pair.ref_fn(*inputs)).shape)
    leaf = [isinstance(a, np.ndarray) and a.dtype.kind == "f" for a in inputs]
    sub_args = [
        t.remote(tensor(a, requires_grad=True)) if is_leaf else _to_sub(a)
        for a, is_leaf in zip(inputs, leaf, strict=True)
    ]
    t.helper("zero_grads", pair.sub)
    y = pair.sub._keep(*sub_args)
    cut = (
        "the autograd graph is cut somewhere in forward (.detach(), .data, .item(), a round "
        "trip through numpy, or torch.no_grad())"
    )
    compare.is_true(
        bool(t.helper("tensor_info", y)["requires_grad"]),
        f"{what}: the output does not require grad although the inputs and parameters do: " + cut,
    )
    t.helper("backward_sum", y, upstream)

    ref_args = [
        torch.from_numpy(np.array(a)).requires_grad_(True) if is_leaf else _to_ref(a)
        for a, is_leaf in zip(inputs, leaf, strict=True)
    ]
    pair.ref.zero_grad(set_to_none=True)
    (pair.ref(*ref_args) * torch.from_numpy(upstream)).sum().backward()
    for i, (sub_arg, ref_arg) in enumerate(zip(sub_args, ref_args, strict=True)):
        if not leaf[i]:
            continue
        name = names[i] if names else ("x" if len(inputs) == 1 else f"input {i + 1}")
        got = t.helper("input_grad", sub_arg)
        compare.is_true(got is not None, f"{what}: no gradient reached {name}: {cut}")
        assert ref_arg.grad is not None, "the reference must reach every input"
        close(
            got, ref_arg.grad.numpy(), what=f"{what} with respect to {name}", rtol=rtol, atol=atol
        )
    got_params = t.helper("parameters", pair.sub)
    for pname, p in pair.ref.named_parameters():
        got = got_params[pname]["grad"]
        compare.is_true(got is not None, f"{what}: parameter {pname} received no gradient: {cut}")
        close(got, p.grad.numpy(), what=f"{what} of {pname}", rtol=rtol, atol=atol)
