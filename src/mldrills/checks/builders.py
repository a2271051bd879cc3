"""Declarative checks: the common shapes of a test, built from data.

``same_as_reference`` compares the submission with the reference on given cases,
``deterministic`` calls twice and compares, ``complexity`` measures how the running
time grows. Pack authors add custom checks with ``Suite.check`` for everything else.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np

from mldrills.checks import compare, growth
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


def complexity(
    fn: str,
    make_case: Callable[[int, np.random.Generator], Case],
    *,
    n: int,
    name: str,
    max_n: int | None = None,
    count_n: int | None = None,
    legacy_sizes: tuple[int, int] | None = None,
    expected: str = "n log n",
    margin: float = 0.45,
    cpu_margin: float = 0.6,
    target_seconds: float = 0.06,
    repeats: int | None = None,
    hint: str | None = None,
    seconds: float | None = None,
) -> Check:
    """Judge how ``fn``'s cost grows with its input, never its absolute speed.

    First the Python lines it runs are counted at ``count_n`` and 8 x ``count_n``
    (default 64): exact, so machine load cannot change the verdict. It
    fails when their growth exponent exceeds the reference's (or the nominal one of
    ``expected``, whichever is larger) by ``margin``: x8 input means ~x12 lines for
    O(n log n) but ~x64 for O(n^2). Then the child's CPU time (all its threads) is
    measured at n, 4n, 16n (up to ``max_n``, default 16n), interleaved with the
    reference's, and fails beyond ``cpu_margin``: that catches work the line count cannot
    see, such as a scan inside ``x in some_list`` or numpy. Sizes stop growing once the
    submission takes ``target_seconds``. ``legacy_sizes`` are the (n, max_n) of the earlier
    CPU-only method, for ``benchmarks/growth_methods.py``. See ``mldrills.checks.growth``.
    """
    spec = growth.Growth(
        fn=fn,
        make_case=make_case,
        n=n,
        top=max_n or n * 16,
        count_n=count_n or 64,
        legacy_sizes=legacy_sizes or (n, max_n or n * 16),
        expected=expected,
        margin=margin,
        cpu_margin=cpu_margin,
        target_seconds=target_seconds,
        repeats=repeats,
        hint=hint,
    )

    def run(t: Trial) -> None:
        try:
            growth.run(spec, t)
        except CheckFailed as exc:
            exc.quotes_inputs = False  # sizes and counts only: shown on hidden checks too
            raise

    run.growth = spec  # type: ignore[attr-defined]  # lets benchmarks find growth checks
    return Check(name, run, hint, seconds)
