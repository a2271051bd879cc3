"""Declarative checks: the common shapes of a test, built from data.

``same_as_reference`` compares the submission with the reference on given cases,
``deterministic`` calls twice and compares, ``complexity`` measures how the running
time grows. Pack authors add custom checks with ``Suite.check`` for everything else.
"""

from __future__ import annotations

import copy
import time
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
            hint = exc.hint
            for mistake, alt in (diagnose or {}).items():
                try:
                    how(got, alt, inputs)
                except CheckFailed:
                    continue
                hint = f"likely mistake: {mistake}"
                break
            raise CheckFailed(f"{what}: {exc.message}", hint=hint) from None


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
            label = f" ({case.label})" if case.label else ""
            what, inputs = f"{fn}(...){label}", case.describe()
            try:
                _compare(compare_with, got, expected, what, inputs, rtol, atol, None)
            except CheckFailed:
                if not mistakes:
                    raise
                # Only now run the known mistakes, to name the one that matches.
                diag = {
                    m: f(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))
                    for m, f in mistakes.items()
                }
                _compare(compare_with, got, expected, what, inputs, rtol, atol, diag)

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


_NOMINAL = {"n": 1.0, "n + k": 1.0, "n log k": 1.05, "n log n": 1.1, "n log w": 1.1, "n^2": 2.0}


def complexity(
    fn: str,
    make_case: Callable[[int, np.random.Generator], Case],
    *,
    n: int,
    name: str,
    max_n: int | None = None,
    expected: str = "n log n",
    margin: float = 0.45,
    target_seconds: float = 0.06,
    repeats: int = 2,
    hint: str | None = None,
    seconds: float | None = None,
) -> Check:
    """Judge how ``fn``'s running time grows, never its absolute speed.

    Sizes n, 2n, 4n, ... (up to ``max_n``, default 16n) are timed for the submission,
    in the child's CPU seconds, and for the reference, here, on the same inputs at the
    same moment, so both see the same machine and caches. The growth exponents are
    least-squares slopes of log(time) on log(n) over the sizes where the submission took
    at least 3 ms. It fails when the submission's exponent exceeds the reference's (or
    the nominal one of ``expected``, whichever is larger) by ``margin``: x8 input means
    ~x9 for O(n log n) but ~x64 for O(n^2). Sizes stop growing once the submission
    takes ``target_seconds``, so a quadratic one is told so long before the deadline.
    """
    top = max_n or n * 16

    def run(t: Trial) -> None:
        sub_fn, ref_fn = getattr(t.sub, fn), getattr(t.ref, fn)
        rows: list[tuple[int, float, float]] = []
        size = _starting_size(t, sub_fn, make_case, n, target_seconds)
        while size <= top:
            case = make_case(size, t.rng)
            took = min(t.timed(sub_fn, *case.args, **case.kwargs)[1] for _ in range(repeats))
            ref = min(_cpu(ref_fn, case) for _ in range(repeats))
            rows.append((size, took, ref))
            if took >= target_seconds or took * 4 > t.time_left() / (repeats + 1):
                break
            size *= 2
        usable = [r for r in rows if r[1] >= 0.003]
        if len(usable) < 3:
            return
        sizes = np.log([r[0] for r in usable])
        e_sub = float(np.polyfit(sizes, np.log([r[1] for r in usable]), 1)[0])
        nominal = _NOMINAL.get(expected, 1.1)
        e_ref = nominal
        if min(r[2] for r in usable) >= 0.003:
            e_ref = max(nominal, float(np.polyfit(sizes, np.log([r[2] for r in usable]), 1)[0]))
        if e_sub > e_ref + margin:
            (n0, t0, _), (n1, t1, _) = usable[0], usable[-1]
            raise CheckFailed(
                f"correct results, but too slow: the running time grew x{t1 / t0:.0f} when "
                f"the input grew x{n1 / n0:.0f}, from n={n0:,} to n={n1:,} (like "
                f"n^{e_sub:.1f}; an O({expected}) solution grows like n^{e_ref:.1f} here)",
                hint=hint,
            )

    return Check(name, run, hint, seconds)


def _starting_size(
    t: Trial,
    sub_fn: Any,
    make_case: Callable[[int, np.random.Generator], Case],
    n: int,
    target: float,
) -> int:
    """Shrink n until the submission's first run is well under the target.

    Otherwise a slow submission would be timed at one size only and pass unjudged.
    """
    size = n
    while size > 16:
        case = make_case(size, t.rng)
        if t.timed(sub_fn, *case.args, **case.kwargs)[1] < target / 4:
            break
        size //= 4
    return size


def _cpu(fn: Callable[..., Any], case: Case) -> float:
    args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
    start = time.thread_time()
    fn(*args, **kwargs)
    return time.thread_time() - start
