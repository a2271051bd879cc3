"""Numeric checks: gradients by finite differences, and stability at extreme inputs.

``gradient_check`` judges a function that returns a loss and its gradient, black-box.
At each case it perturbs every coordinate of every named parameter block by +-h and
takes central differences, in float64, of the *learner's own loss*; the gradient the
learner returned must agree coordinate by coordinate:

    |g - fd| <= rtol * max(|g|, |fd|) + atol * max(1, |loss|)     (rtol 1e-6, atol 1e-8)

Because it differentiates the learner's loss, it checks that loss and gradient are
consistent, not that the loss is right: pair it with a value check of the loss
(``same_as_reference``). When a block disagrees, the message names the block and the
worst coordinate, then tries to name the mistake: first the pack's own ``mistakes``
(each maps the true gradient to what that mistake would return, e.g. "the bias is
being regularised": ``{"b": g["b"] + l2 * b}``), then generic patterns: a zero
gradient, a flipped sign, a factor of n (sum instead of mean; give ``n_examples``), a
factor of 2, another constant factor, two blocks returned in swapped order.

``stable_at_extremes`` calls a function on inputs chosen to overflow a naive formula
(scores of +-1000, say) and requires every selected output to be finite and equal to
the reference's; a NaN or inf is reported with where it appeared and what usually
causes it.

    suite.add(
        gradient_check("loss_and_grad", cases, params={"w": 0, "b": 1},
                       name="gradient matches finite differences",
                       n_examples=lambda case: len(case.args[3]),
                       mistakes={"the bias is being regularised":
                                 lambda g, case: {"b": g["b"] + case.args[4] * case.args[1]}}),
        stable_at_extremes("loss_and_grad", extreme_cases, select=lambda out: out[0],
                           what="loss", name="finite loss at scores of +-1000"),
    )

Parameters are sent as float64 arrays (Python floats stay floats), so a correct
float64 implementation passes with a margin of about 1000. Every coordinate is
perturbed (two calls each, all of a case's calls in one round trip to the child):
keep parameter blocks small (at most 400 entries in all).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from mldrills.checks import compare
from mldrills.checks.builders import Cases, _cases
from mldrills.checks.core import Case, Check, CheckFailed, Trial
from mldrills.judge.channel import Remote

GradMistake = Callable[[Mapping[str, np.ndarray], Case], Mapping[str, Any]]
Unpack = Callable[[Any], tuple[Any, Mapping[str, Any]]]

MAX_COORDS = 400
_MATCH_RTOL = 1e-4  # how closely a gradient must follow a mistake's pattern to be named


def gradient_check(
    fn: str,
    cases: Cases,
    *,
    params: Mapping[str, int | str],
    name: str,
    unpack: Unpack | None = None,
    step: float = 1e-5,
    rtol: float = 1e-6,
    atol: float = 1e-8,
    n_examples: Callable[[Case], int] | None = None,
    mistakes: Mapping[str, GradMistake] | None = None,
    hint: str | None = None,
    seconds: float | None = None,
) -> Check:
    """Compare the gradient ``fn`` returns with central differences of the loss it returns.

    ``params`` maps each parameter block's name to its position (int) or keyword (str)
    among ``fn``'s arguments. ``fn`` returns ``(loss, grad_1, ..., grad_k)`` in the order
    of ``params`` or ``(loss, {name: grad})``; pass ``unpack(out) -> (loss, {name:
    grad})`` for other layouts. ``n_examples(case)`` lets the message name a
    sum-instead-of-mean gradient; ``mistakes`` maps a description to ``f(true_grads,
    case) -> {name: what that mistake returns}`` (blocks left out are taken as correct).
    """
    if not params:
        raise ValueError("gradient_check needs at least one parameter block")
    order = list(params)

    def run(t: Trial) -> None:
        sub_fn = getattr(t.sub, fn)
        for case in _cases(cases, t):
            _check_case(t, sub_fn, case)

    def _check_case(t: Trial, sub_fn: Remote, case: Case) -> None:
        inputs = case.describe()
        label = f" ({case.label})" if case.label else ""
        base = {k: _param_value(case, where, k) for k, where in params.items()}
        total = sum(v.size for v in base.values())
        if total > MAX_COORDS:
            raise ValueError(
                f"gradient_check perturbs every coordinate: {total} is too many "
                f"(at most {MAX_COORDS}); use smaller parameter blocks"
            )
        loss, grads = _decode(sub_fn(*case.args, **case.kwargs), order, unpack, fn, inputs)
        loss0 = _scalar_loss(loss, fn, label, inputs)
        got = {k: _grad_block(grads, k, base[k], fn, label, inputs) for k in order}

        def losses_at(points: list[tuple[str, np.ndarray]]) -> list[float]:
            """The learner's loss with each block ``key`` set to ``moved``: one round trip."""
            calls = [_with_block(case, params[key], moved) for key, moved in points]
            outs = t.helper("call_each", sub_fn, [a for a, _ in calls], [k for _, k in calls])
            values = []
            for (key, _), out in zip(points, outs, strict=True):
                value, _ = _decode(out, order, unpack, fn, inputs)
                arr = np.asarray(value, dtype=np.float64)
                if arr.size != 1 or not np.isfinite(arr).all():
                    raise CheckFailed(
                        f"{fn}(...){label}: the loss became {compare.short(value)} when "
                        f"`{key}` moved by a step of {step:g}\n  input: {inputs}"
                    )
                values.append(float(arr.reshape(())))
            return values

        fd = _central_differences(losses_at, base, step)
        scale = atol * max(1.0, abs(loss0))
        bad = [k for k in order if not _agrees(got[k], fd[k], rtol, scale)]
        if not bad:
            return
        k = bad[0]
        g, f = got[k], fd[k]
        err = np.abs(g - f) - rtol * np.maximum(np.abs(g), np.abs(f))
        worst = tuple(int(i) for i in np.unravel_index(int(np.argmax(err)), err.shape))
        coord = _coord(k, worst, base[k].shape)
        rel = abs(g[worst] - f[worst]) / max(abs(g[worst]), abs(f[worst]), 1e-300)
        msg = (
            f"{fn}(...){label}: the gradient for `{k}` disagrees with finite differences "
            f"of your own loss. At {coord}, you returned {g[worst]:.6g} but the loss changes "
            f"at rate {f[worst]:.6g} (central differences, step {step:g}, float64; relative "
            f"error {rel:.2g}, tolerance {rtol:g})"
        )
        n_bad = int(np.sum(err > scale))
        if g.size > 1:
            msg += f"; {n_bad} of {g.size} coordinates of `{k}` disagree"
        if len(bad) > 1:
            msg += "; also wrong: " + ", ".join(f"`{b}`" for b in bad[1:])
        msg += f"\n  input: {inputs}"
        diagnosis = _diagnose(k, got, fd, case, mistakes, n_examples, scale)
        raise CheckFailed(msg, hint=f"likely mistake: {diagnosis}" if diagnosis else None)

    return Check(name, run, hint, seconds)


def _param_value(case: Case, where: int | str, key: str) -> np.ndarray:
    value = case.args[where] if isinstance(where, int) else case.kwargs[where]
    arr = np.array(value, dtype=np.float64)
    if arr.dtype.kind != "f":
        raise ValueError(f"parameter {key!r} must be numeric")
    return arr


def _with_param(value: Any, arr: np.ndarray) -> Any:
    """``arr`` in the form the original argument had (a Python float stays a float)."""
    if isinstance(value, int | float | np.floating | np.integer) or np.ndim(value) == 0:
        return float(arr)
    return arr.copy()


def _with_block(
    case: Case, where: int | str, moved: np.ndarray
) -> tuple[list[Any], dict[str, Any]]:
    """The case's arguments with one parameter block replaced by ``moved``."""
    args, kwargs = list(case.args), dict(case.kwargs)
    if isinstance(where, int):
        args[where] = _with_param(case.args[where], moved)
    else:
        kwargs[where] = _with_param(case.kwargs[where], moved)
    return args, kwargs


def _central_differences(
    losses_at: Callable[[list[tuple[str, np.ndarray]]], list[float]],
    base: Mapping[str, np.ndarray],
    step: float,
) -> dict[str, np.ndarray]:
    """(L(x + h e_i) - L(x - h e_i)) / 2h for every coordinate of every block, h relative.

    Every moved point is evaluated in one batch (``losses_at``), in the order +h, -h per
    coordinate, block by block.
    """
    points: list[tuple[str, np.ndarray]] = []
    steps: list[tuple[str, tuple[int, ...], float]] = []
    for k, value in base.items():
        for idx in np.ndindex(*value.shape):
            h = step * max(1.0, abs(float(value[idx])))
            plus, minus = value.copy(), value.copy()
            plus[idx] = value[idx] + h
            minus[idx] = value[idx] - h
            points += [(k, plus), (k, minus)]
            steps.append((k, idx, h))
    losses = losses_at(points)
    fd = {k: np.zeros(v.shape) for k, v in base.items()}
    for i, (k, idx, h) in enumerate(steps):
        fd[k][idx] = (losses[2 * i] - losses[2 * i + 1]) / (2 * h)
    return fd


def _decode(
    out: Any, order: list[str], unpack: Unpack | None, fn: str, inputs: str
) -> tuple[Any, Mapping[str, Any]]:
    if unpack is not None:
        return unpack(out)
    expected = "(loss, " + ", ".join(f"grad_{k}" for k in order) + ")"
    if not isinstance(out, tuple | list) or len(out) < 2:
        raise CheckFailed(
            f"{fn}(...): expected {expected}, got {compare.short(out)}\n  input: {inputs}"
        )
    if len(out) == 2 and isinstance(out[1], dict):
        return out[0], out[1]
    rest = list(out[1:])
    if len(rest) == 1 and len(order) > 1 and isinstance(rest[0], tuple | list):
        rest = list(rest[0])
    if len(rest) != len(order):
        raise CheckFailed(
            f"{fn}(...): expected {expected}, got a tuple of {len(out)} values\n  input: {inputs}"
        )
    return out[0], dict(zip(order, rest, strict=True))


def _scalar_loss(loss: Any, fn: str, label: str, inputs: str) -> float:
    arr = compare.as_array(loss, f"{fn}(...){label}: the loss", inputs)
    if arr.size != 1:
        raise CheckFailed(
            f"{fn}(...){label}: the loss must be one number, got shape {arr.shape}"
            f"\n  input: {inputs}"
        )
    if arr.dtype.kind == "f" and arr.dtype.itemsize < 8:
        raise CheckFailed(
            f"{fn}(...){label}: the loss came back as {arr.dtype}; the inputs are float64, "
            "and finite differences need float64 all the way through"
            f"\n  input: {inputs}",
            hint="look for a cast to float32 (np.float32, .astype, torch's default dtype)",
        )
    value = float(arr.reshape(()))
    if not np.isfinite(value):
        raise CheckFailed(f"{fn}(...){label}: the loss is {value}\n  input: {inputs}")
    return value


def _grad_block(
    grads: Mapping[str, Any], key: str, param: np.ndarray, fn: str, label: str, inputs: str
) -> np.ndarray:
    if key not in grads:
        raise CheckFailed(f"{fn}(...){label}: no gradient returned for `{key}`\n  input: {inputs}")
    arr = compare.as_array(grads[key], f"{fn}(...){label}: the gradient for `{key}`", inputs)
    if arr.shape != param.shape and not (arr.size == 1 and param.size == 1):
        problem = f"has shape {arr.shape}, expected {param.shape} (the shape of `{key}`)"
        if sorted(arr.shape) == sorted(param.shape) and arr.shape:
            problem += ": transposed?"
        elif arr.size == param.size:
            problem += ": same entries, wrong layout (a reshape or a missing squeeze?)"
        raise CheckFailed(
            f"{fn}(...){label}: the gradient for `{key}` {problem}\n  input: {inputs}"
        )
    out = arr.astype(np.float64).reshape(param.shape)
    if not np.isfinite(out).all():
        raise CheckFailed(
            f"{fn}(...){label}: the gradient for `{key}` has NaN or inf entries\n  input: {inputs}"
        )
    return out


def _agrees(g: np.ndarray, f: np.ndarray, rtol: float, scale: float) -> bool:
    return bool(np.all(np.abs(g - f) <= rtol * np.maximum(np.abs(g), np.abs(f)) + scale))


def _coord(key: str, idx: tuple[int, ...], shape: tuple[int, ...]) -> str:
    return key if not shape else f"{key}[{', '.join(map(str, idx))}]"


def _diagnose(
    key: str,
    got: Mapping[str, np.ndarray],
    fd: Mapping[str, np.ndarray],
    case: Case,
    mistakes: Mapping[str, GradMistake] | None,
    n_examples: Callable[[Case], int] | None,
    scale: float,
) -> str | None:
    """Name the mistake behind a disagreeing gradient block, when the pattern is known."""

    def matches(g: np.ndarray, pattern: Any) -> bool:
        p = np.asarray(pattern, dtype=np.float64)
        if p.size != g.size:
            return False
        p = p.reshape(g.shape)
        return _agrees(g, p, _MATCH_RTOL, scale * 100)

    for description, mistake in (mistakes or {}).items():
        predicted = dict(mistake({k: v.copy() for k, v in fd.items()}, copy.deepcopy(case)))
        if all(matches(got[k], predicted.get(k, fd[k])) for k in got):
            return description
    g, f = got[key], fd[key]
    if np.all(np.abs(g) <= scale) and np.any(np.abs(f) > scale * 100):
        return f"the gradient for `{key}` is zero, but the loss does depend on `{key}`"
    for other in got:
        if other != key and g.shape == fd[other].shape and matches(g, fd[other]):
            return (
                f"the gradient for `{key}` is the one for `{other}`: returned in the wrong order?"
            )
    n = n_examples(case) if n_examples else None
    if len(got) > 1:  # the same factor on every block names one mistake, even for scalars
        g_all = np.concatenate([got[k].ravel() for k in got])
        f_all = np.concatenate([fd[k].ravel() for k in got])
        c = _factor(g_all, f_all)
        if c is not None and matches(g_all, c * f_all):
            named = _name_factor("the whole gradient", c, n, several=True)
            if named:
                return named
    c = _factor(g, f)
    if c is not None and matches(g, c * f):
        return _name_factor(f"the gradient for `{key}`", c, n, several=g.size > 1)
    return None


def _factor(g: np.ndarray, f: np.ndarray) -> float | None:
    """The least-squares c in g ~ c * f (None when f is zero)."""
    denom = float(np.sum(f * f))
    return float(np.sum(g * f)) / denom if denom > 0 else None


def _name_factor(subject: str, c: float, n: int | None, several: bool) -> str | None:
    """Explain a gradient that is a constant multiple ``c`` of the true one.

    One coordinate is always a multiple of the truth, so for a scalar parameter only the
    factors that name a specific mistake (-1, n, 1/n) are reported.
    """

    def near(x: float, target: float) -> bool:
        return abs(x - target) <= 1e-3 * abs(target)

    if near(c, 1.0):
        return None
    if near(c, -1.0):
        return f"{subject} has the wrong sign (it points uphill)"
    if n is not None and n > 2:
        if near(c, n):
            return (
                f"{subject} is {n} x too large: summed over the {n} examples "
                "where the loss takes the mean"
            )
        if near(c, 1 / n):
            return f"{subject} is {n} x too small: divided by n={n} once too often"
    if not several:
        return None
    if near(c, 2.0) or near(c, 0.5):
        return (
            f"{subject} is off by a factor of {c:.3g}: a 1/2 in the loss and "
            "the 2 from differentiating a square do not cancel as written"
        )
    return f"{subject} is {c:.4g} x the true one in every coordinate: a constant factor is off"


def stable_at_extremes(
    fn: str,
    cases: Cases,
    *,
    name: str,
    select: Callable[[Any], Any] | None = None,
    what: str = "output",
    rtol: float = 1e-6,
    atol: float = 1e-8,
    mistakes: Mapping[str, Callable[..., Any]] | None = None,
    hint: str | None = None,
    seconds: float | None = None,
) -> Check:
    """Every selected output must be finite and match the reference on extreme inputs.

    ``select(out)`` picks what to judge from the returned value (the whole value by
    default); ``mistakes`` maps a description to a buggy function with ``fn``'s
    signature, named when the submission's output has the same NaN/inf pattern or value.
    """

    def pick(out: Any) -> Any:
        return select(out) if select is not None else out

    def run(t: Trial) -> None:
        for case in _cases(cases, t):
            inputs = case.describe()
            label = f" ({case.label})" if case.label else ""
            what_full = f"{fn}(...){label}: {what}"
            expected = np.asarray(
                pick(getattr(t.ref, fn)(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))),
                dtype=np.float64,
            )
            got = compare.as_array(pick(getattr(t.sub, fn)(*case.args, **case.kwargs)), what_full)
            if got.size == 1 and expected.size == 1:
                got = got.reshape(expected.shape)  # a float, a 0-d or a 1-element array alike
            diag = {
                m: np.asarray(
                    pick(f(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))), dtype=float
                )
                for m, f in (mistakes or {}).items()
            }
            if got.shape == expected.shape:
                bad = ~np.isfinite(got) & np.isfinite(expected)
                if bad.any():
                    idx = tuple(int(i) for i in np.argwhere(bad)[0])
                    kind = "NaN" if np.isnan(got[idx]) else "inf"
                    where = f" at index {list(idx)}" if got.ndim else ""
                    named = next(
                        (m for m, v in diag.items() if _same_nonfinite(got, v)),
                        "an intermediate overflowed or underflowed (exp of a large number, "
                        "or the log of a probability that rounded to exactly 0 or 1)",
                    )
                    raise CheckFailed(
                        f"{what_full}: {kind}{where} where {float(expected[idx]):.6g} was "
                        f"expected ({int(bad.sum())} non-finite value(s))\n  input: {inputs}",
                        hint=f"likely mistake: {named}",
                    )
            compare.close(
                got,
                expected,
                what=what_full,
                inputs=inputs,
                rtol=rtol,
                atol=atol,
                diagnose=diag or None,
            )

    return Check(name, run, hint, seconds)


def _same_nonfinite(got: np.ndarray, alt: np.ndarray) -> bool:
    if alt.shape != got.shape:
        return False
    same_mask = np.array_equal(~np.isfinite(got), ~np.isfinite(alt))
    return bool(same_mask and (~np.isfinite(alt)).any())


__all__ = ["gradient_check", "stable_at_extremes"]
