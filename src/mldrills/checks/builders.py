"""Declarative checks: the common shapes of a test, built from data.

``same_as_reference`` compares the submission with the reference on given cases,
``deterministic`` calls twice and compares, ``complexity`` measures how the running
time grows. Pack authors add custom checks with ``Suite.check`` for everything else.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np

from mldrills.checks import compare
from mldrills.checks.core import Case, Check, CheckFailed, Trial

Cases = list[Case] | Callable[[np.random.Generator], list[Case]]
Comparison = Literal["close", "equal"] | Callable[[Any, Any, str], None]


def _cases(cases: Cases, t: Trial) -> list[Case]:
    return cases(t.rng) if callable(cases) else cases


def _compare(
    how: Comparison,
    got: Any,
    expected: Any,
    what: str,
    inputs: str,
    rtol: float,
    atol: float,
    diagnose: Mapping[str, Any] | None,
) -> None:
    if how == "close":
        compare.close(
            got, expected, what=what, inputs=inputs, rtol=rtol, atol=atol, diagnose=diagnose
        )
    elif how == "equal":
        compare.equal(got, expected, what=what, inputs=inputs, diagnose=diagnose)
    else:
        try:
            how(got, expected, inputs)
        except CheckFailed as exc:
            raise CheckFailed(f"{what}: {exc.message}", hint=exc.hint) from None


def same_as_reference(
    fn: str,
    cases: Cases,
    *,
    name: str,
    compare_with: Comparison = "close",
    rtol: float = 1e-5,
    atol: float = 1e-7,
    hint: str | None = None,
    mistakes: Mapping[str, Callable[..., Any]] | None = None,
    seconds: float | None = None,
) -> Check:
    """Call ``fn`` in the submission and in the reference on each case; compare outputs.

    ``mistakes`` maps a description to a buggy function with the same signature; when
    the submission's output matches one, the failure names that mistake.
    """

    def run(t: Trial) -> None:
        for case in _cases(cases, t):
            expected = getattr(t.ref, fn)(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
            got = getattr(t.sub, fn)(*case.args, **case.kwargs)
            diag = None
            if mistakes:
                diag = {
                    m: f(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
                    for m, f in mistakes.items()
                }
            label = f" ({case.label})" if case.label else ""
            _compare(
                compare_with, got, expected, f"{fn}(...){label}", case.describe(), rtol, atol, diag
            )

    return Check(name, run, hint, seconds)


def deterministic(
    fn: str, case: Case, *, name: str = "same seed, same result", hint: str | None = None
) -> Check:
    """Two calls with the same arguments (seed included) must return identical outputs."""

    def run(t: Trial) -> None:
        first = getattr(t.sub, fn)(*case.args, **case.kwargs)
        second = getattr(t.sub, fn)(*case.args, **case.kwargs)
        compare.equal(second, first, what=f"second call of {fn}", inputs=case.describe())

    return Check(name, run, hint or "seed every random choice from the seed argument")


def complexity(
    fn: str,
    make_case: Callable[[int, np.random.Generator], Case],
    *,
    n: int,
    name: str,
    max_n: int | None = None,
    expected: str = "n log n",
    max_exponent: float = 1.5,
    target_seconds: float = 0.2,
    repeats: int = 3,
    hint: str | None = None,
    seconds: float | None = None,
) -> Check:
    """Judge how ``fn``'s running time grows, never its absolute speed.

    Sizes n, 2n, 4n, ... are timed (best of ``repeats``) until one takes
    ``target_seconds`` or ``max_n`` (default 64n) is reached; the growth over the last
    factor of 8 (or 4) gives the exponent. Below ~20 ms timer noise dominates, so a
    solution whose largest run is that fast passes. A quadratic submission crosses the
    target early and is told so, long before the check's deadline.
    """
    top = max_n or n * 64

    def run(t: Trial) -> None:
        sub_fn = getattr(t.sub, fn)
        sizes: list[int] = []
        times: list[float] = []
        size = n
        while size <= top:
            case = make_case(size, t.rng)
            took = min(t.timed(sub_fn, *case.args, **case.kwargs)[1] for _ in range(repeats))
            sizes.append(size)
            times.append(took)
            if took >= target_seconds or took * 4 > t.time_left() / (repeats + 1):
                break
            size *= 2
        if times[-1] < 0.02 or len(times) < 3:
            return
        back = 3 if len(times) >= 4 else 2
        ratio = times[-1] / max(times[-1 - back], 1e-6)
        grown = sizes[-1] / sizes[-1 - back]
        exponent = math.log(ratio) / math.log(grown)
        if exponent > max_exponent:
            raise CheckFailed(
                f"correct results, but too slow: the running time grew x{ratio:.0f} when the "
                f"input grew x{grown:.0f}, from n={sizes[-1 - back]:,} to n={sizes[-1]:,} "
                f"(like n^{exponent:.1f}; an O({expected}) solution grows about "
                f"x{_growth(expected, grown):.0f})",
                hint=hint,
            )

    return Check(name, run, hint, seconds)


def _growth(expected: str, factor: float) -> float:
    if "log" in expected:
        return factor * 1.2
    if expected.endswith("^2"):
        return factor**2
    return factor
