"""Comparisons that explain themselves: shape, dtype, worst error and where, what it means.

Every function raises ``CheckFailed`` with a message saying what input was used, what
was expected, what came back and, when the check can tell, the likely mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from mldrills.checks.core import CheckFailed
from mldrills.judge.channel import Remote

# What a mistake would return, by description; or a function giving that map, called only
# when a comparison fails.
Diagnose = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


def short(value: Any, limit: int = 120) -> str:
    """A compact text form of ``value`` for messages."""
    if isinstance(value, Remote):
        return repr(value)
    if isinstance(value, np.ndarray):
        if value.size <= 8:
            text = np.array2string(value, precision=4, separator=", ").replace("\n", "")
            return f"array({text}, dtype={value.dtype})"
        return f"array(shape={value.shape}, dtype={value.dtype})"
    if hasattr(value, "shape") and hasattr(value, "dtype"):  # a torch tensor
        return f"tensor(shape={tuple(value.shape)}, dtype={value.dtype})"
    text = f"{value:.6g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _fail(what: str, problem: str, inputs: str | None, hint: str | None = None) -> CheckFailed:
    msg = f"{what}: {problem}"
    if inputs:
        msg += f"\n  input: {inputs}"
    return CheckFailed(msg, hint=hint)


def as_array(got: Any, what: str, inputs: str | None = None) -> np.ndarray:
    """Turn a returned value into a numeric array, failing clearly if it is not one."""
    if isinstance(got, Remote):
        raise _fail(what, f"expected an array or number, but your code returned {got!r}", inputs)
    if isinstance(got, bool | int | float | np.generic | np.ndarray):
        arr = np.asarray(got)
    elif isinstance(got, list | tuple):
        try:
            arr = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            raise _fail(what, f"expected numbers, got {short(got)}", inputs) from None
    else:
        raise _fail(what, f"expected an array or number, got {short(got)}", inputs)
    if arr.dtype.kind not in "biuf":
        raise _fail(what, f"expected numbers, got an array of dtype {arr.dtype}", inputs)
    return arr


def close(
    got: Any,
    expected: Any,
    *,
    what: str = "output",
    rtol: float = 1e-5,
    atol: float = 1e-6,
    inputs: str | None = None,
    diagnose: Diagnose | None = None,
    check_dtype: bool = False,
) -> None:
    """Assert ``got`` matches ``expected`` elementwise within tolerance.

    ``diagnose`` maps a mistake's description to what that mistake would return; when
    ``got`` matches one of them, the message names it. It may also be a function that
    returns that map, called only when the comparison fails (for costly mistake models).
    """
    exp = np.asarray(expected)
    arr = as_array(got, what, inputs)
    if arr.shape != exp.shape:
        problem = f"expected shape {exp.shape}, got {arr.shape}"
        if sorted(arr.shape) == sorted(exp.shape) and arr.shape:
            problem += " (same sizes in another order: a transpose or a wrong axis?)"
        raise _fail(what, problem, inputs)
    if check_dtype and arr.dtype != exp.dtype:
        raise _fail(what, f"expected dtype {exp.dtype}, got {arr.dtype}", inputs)
    bad = ~np.isfinite(arr) & np.isfinite(exp)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise _fail(
            what,
            f"{int(bad.sum())} non-finite value(s) (NaN or inf), first at index "
            f"{_idx(idx)} where {float(exp[idx]):.6g} was expected",
            inputs,
            _diagnosis(arr, diagnose, rtol, atol),
        )
    exp_f, arr_f = exp.astype(float), arr.astype(float)
    with np.errstate(invalid="ignore"):  # inf - inf where both are inf: masked below
        err = np.abs(arr_f - exp_f)
    err = np.where(np.isfinite(exp_f) | np.isfinite(arr_f), err, 0.0)
    err = np.where(np.isnan(exp_f) & np.isnan(arr_f), 0.0, err)
    tol = atol + rtol * np.abs(np.where(np.isfinite(exp_f), exp_f, 0.0))
    if np.all(err <= tol):
        return
    excess = np.nan_to_num(err - tol, nan=np.inf)
    idx = tuple(int(i) for i in np.unravel_index(int(np.argmax(excess)), excess.shape))
    n_bad = int(np.sum(err > tol))
    where = f" at index {_idx(idx)}" if arr.ndim else ""
    problem = (
        f"{n_bad} of {arr.size} value(s) differ; worst{where}: expected "
        f"{float(exp_f[idx]):.6g}, got {float(arr_f[idx]):.6g} "
        f"(abs error {float(err[idx]):.3g}, tolerance {float(tol[idx]):.3g})"
    )
    raise _fail(what, problem, inputs, _diagnosis(arr, diagnose, rtol, atol))


def _table(diagnose: Diagnose | None) -> Mapping[str, Any] | None:
    """The mistake table of a ``diagnose`` argument, computed now if it is a function."""
    return diagnose() if callable(diagnose) else diagnose


def _idx(idx: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, idx)) + "]"


def _diagnosis(arr: np.ndarray, diagnose: Diagnose | None, rtol: float, atol: float) -> str | None:
    table = _table(diagnose)
    if not table:
        return None
    for mistake, alt in table.items():
        alt_arr = np.asarray(alt)
        if alt_arr.shape == arr.shape and np.allclose(
            arr, alt_arr, rtol=rtol * 10, atol=atol * 10, equal_nan=True
        ):
            return f"likely mistake: {mistake}"
    return None


def normalize(value: Any) -> Any:
    """Lists and tuples compare alike; numpy scalars become Python numbers."""
    if isinstance(value, list | tuple):
        return [normalize(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return normalize(value.tolist())
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    return value


def equal(
    got: Any,
    expected: Any,
    *,
    what: str = "output",
    inputs: str | None = None,
    diagnose: Diagnose | None = None,
    strict_types: bool = False,
) -> None:
    """Assert exact equality (lists and tuples alike), naming the first difference.

    ``diagnose`` is as for ``close`` (a map, or a function called only on a failure).
    """
    if isinstance(got, Remote):
        raise _fail(
            what,
            f"expected {short(expected)}, but your code returned {got!r} (not plain data)",
            inputs,
        )
    if strict_types:
        _same_types(got, expected, what, inputs)
    g, e = normalize(got), normalize(expected)
    if _eq(g, e):
        return
    problem = f"expected {short(expected, 300)}, got {short(got, 300)}"
    first = _first_difference(g, e)
    if first:
        problem += f"\n  first difference: {first}"
    hint = None
    table = _table(diagnose)
    if table:
        for mistake, alt in table.items():
            if _eq(g, normalize(alt)):
                hint = f"likely mistake: {mistake}"
                break
    raise _fail(what, problem, inputs, hint)


def _eq(a: Any, b: Any) -> bool:
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    if isinstance(a, float | int) and isinstance(b, float | int):
        return a == b or (
            isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
        )
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_eq(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_eq(a[k], b[k]) for k in a)
    return type(a) is type(b) and bool(a == b)


def _first_difference(got: Any, exp: Any) -> str | None:
    if isinstance(got, list) and isinstance(exp, list):
        for i, (g, e) in enumerate(zip(got, exp, strict=False)):
            if not _eq(g, e):
                return f"at position {i}: expected {short(e)}, got {short(g)}"
        if len(got) != len(exp):
            return f"expected {len(exp)} items, got {len(got)}"
    return None


def _same_types(got: Any, exp: Any, what: str, inputs: str | None) -> None:
    if isinstance(exp, Sequence) and not isinstance(exp, str):
        if not isinstance(got, type(exp)):
            raise _fail(what, f"expected a {type(exp).__name__}, got {type(got).__name__}", inputs)
        for g, e in zip(got, exp, strict=False):
            _same_types(g, e, what, inputs)
    elif isinstance(exp, bool) and not isinstance(got, bool | np.bool_):
        raise _fail(what, f"expected a bool, got {short(got)}", inputs)


def is_true(
    cond: bool, message: str, *, inputs: str | None = None, hint: str | None = None
) -> None:
    """Fail with ``message`` unless ``cond`` holds (for properties)."""
    if not cond:
        msg = message + (f"\n  input: {inputs}" if inputs else "")
        raise CheckFailed(msg, hint=hint)
