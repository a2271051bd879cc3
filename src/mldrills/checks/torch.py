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

# The float64 oracles of correct and buggy computations live in their own module.
from mldrills.checks.torch_oracles import (
    attend as attend,
)
from mldrills.checks.torch_oracles import (
    fused_qkv_variants as fused_qkv_variants,
)
from mldrills.checks.torch_oracles import (
    gelu_variants as gelu_variants,
)
from mldrills.checks.torch_oracles import (
    layer_norm_variants as layer_norm_variants,
)
from mldrills.checks.torch_oracles import (
    merge_heads as merge_heads,
)
from mldrills.checks.torch_oracles import (
    mha_variants as mha_variants,
)
from mldrills.checks.torch_oracles import (
    projected_variants as projected_variants,
)
from mldrills.checks.torch_oracles import (
    rms_norm_variants as rms_norm_variants,
)
from mldrills.checks.torch_oracles import (
    rope as rope,
)
from mldrills.checks.torch_oracles import (
    rope_variants as rope_variants,
)
from mldrills.checks.torch_oracles import (
    sdpa_variants as sdpa_variants,
)
from mldrills.checks.torch_oracles import (
    sinusoidal as sinusoidal,
)
from mldrills.checks.torch_oracles import (
    sinusoidal_variants as sinusoidal_variants,
)
from mldrills.checks.torch_oracles import (
    split_heads as split_heads,
)
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
    seen: dict[int, str] = {}  # tied weights (one tensor, two names) get one value
    for name, p in module.named_parameters(remove_duplicate=False):
        if id(p) in seen:
            params[name] = params[seen[id(p)]]
            continue
        seen[id(p)] = name
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
        for name, p in module.named_parameters(remove_duplicate=False):
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
    want = {n: tuple(p.shape) for n, p in ref.named_parameters(remove_duplicate=False)}
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
    if not math.isfinite(rel):  # never "nan% away": say what is wrong with the values
        compare.is_true(
            False,
            f"{what}: in train mode with dropout={p} the output holds NaN or inf values "
            "(the eval-mode output is finite)",
        )
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
