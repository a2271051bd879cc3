"""False verdicts and cost of the growth checks, per method, idle and under load.

    python benchmarks/growth_methods.py [SLUG ...] [--runs N] [--methods cpu,counts]

For every exercise with a growth ("runs in O(...)") check, grades only that check on the
reference, the alternatives (correct: a failure is a false verdict) and the mutants the
check must catch (a pass is a false verdict), ``--runs`` times per method, first on the
machine as it is, then with two busy processes (benchmarks/loadgen.py) keeping both
cores of a 2-core machine busy. Methods run interleaved in one process, so the same
noise hits them alike. Prints, per method and condition: false failures of correct code,
missed mutants, and the check's mean and p90 cost on the reference.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import busy_cores

from mldrills.checks import Suite
from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.grading.steps import exercise_checks


class OneCheck:
    """An exercise seen through one of its checks (the others are skipped)."""

    def __init__(self, exercise: Any, check: Any) -> None:
        self._ex, self._check = exercise, check

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ex, name)

    def check_modules(self, hidden: bool) -> list[types.ModuleType]:
        """A stand-in for hidden.py whose suite holds only the growth check."""
        module = types.ModuleType(f"{self._ex.slug}.hidden")
        module.suite = Suite()  # type: ignore[attr-defined]
        module.suite.checks.append(self._check)  # type: ignore[attr-defined]
        return [module]


def verdict(res: Any, check: Any) -> tuple[str, str]:
    """Status and message of ``check`` in a result (the result's own when it never ran)."""
    mine = next((c for c in res.checks if c.name == check.name), None)
    return (mine.status, mine.message) if mine else (res.status, res.message)


@dataclass
class Tally:
    """Verdicts and costs of one method under one condition."""

    correct_runs: int = 0
    false_fail: int = 0
    mutant_runs: int = 0
    missed: int = 0
    ref_ms: list[float] = field(default_factory=list)
    all_ms: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def growth_check(ex: Any) -> Any:
    """The exercise's growth check, or None."""
    return next((c for c in exercise_checks(ex, hidden=True) if hasattr(c.fn, "growth")), None)


def sources(ex: Any, check: Any) -> list[tuple[str, str, bool]]:
    """(label, code, correct) for the reference, alternatives and the check's mutants."""
    out = [("solution.py", ex.reference_source(), True)]
    out += [(f"alternatives/{p.name}", p.read_text(), True) for p in ex.alternatives]
    out += [
        (f"mutants/{m.path.name}", m.path.read_text(), False)
        for m in ex.mutants
        if m.caught_by == check.name
    ]
    return out


def one_round(judge: Judge, targets: list[Any], methods: list[str], tallies: dict) -> None:
    """Grade every source once with every method."""
    for slug, one, srcs in targets:
        for label, code, correct in srcs:
            for method in methods:
                os.environ["MLDRILLS_GROWTH_METHOD"] = method
                t0 = time.perf_counter()
                res = judge.grade_exercise(one, code, hidden=True)
                ms = (time.perf_counter() - t0) * 1000
                if res.status == "error":  # the judge, not the method, failed: stop here
                    raise SystemExit(f"{slug}/{label}: could not be graded: {res.message}")
                tally = tallies[method]
                tally.all_ms.append(ms)
                status, msg = verdict(res, one._check)
                if correct:
                    tally.correct_runs += 1
                    if label == "solution.py":
                        tally.ref_ms.append(ms)
                    if status != "pass":
                        tally.false_fail += 1
                        tally.notes.append(f"{slug}/{label}: {msg.splitlines()[0][:140]}")
                else:
                    tally.mutant_runs += 1
                    if status == "pass":
                        tally.missed += 1
                        tally.notes.append(f"{slug}/{label}: passed")


def pct(xs: list[float], q: float) -> float:
    """The q-quantile of xs."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))] if xs else float("nan")


def main() -> None:
    """Parse arguments, run idle then under load, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--methods", default="cpu,counts")
    ap.add_argument("--busy", type=int, default=2, help="busy processes for the load condition")
    args = ap.parse_args()
    methods = args.methods.split(",")
    catalog = Catalog()
    targets = []
    for slug in args.slugs or catalog.slugs:
        ex = catalog.get(slug)
        check = growth_check(ex)
        if check is not None:
            targets.append((slug, OneCheck(ex, check), sources(ex, check)))
    results: dict[str, dict[str, Tally]] = {}
    saved = os.environ.get("MLDRILLS_GROWTH_METHOD")
    try:
        with Judge(catalog, slots=1) as judge:
            for condition in ("idle", "load"):
                tallies = {m: Tally() for m in methods}
                t0 = time.monotonic()
                if condition == "idle":
                    for _ in range(args.runs):
                        one_round(judge, targets, methods, tallies)
                else:
                    with busy_cores(args.busy, seconds=3600):
                        for _ in range(args.runs):
                            one_round(judge, targets, methods, tallies)
                results[condition] = tallies
                print(f"{condition}: {time.monotonic() - t0:.0f} s", file=sys.stderr)
    finally:
        if saved is None:
            os.environ.pop("MLDRILLS_GROWTH_METHOD", None)
        else:
            os.environ["MLDRILLS_GROWTH_METHOD"] = saved
    show(results, len(targets), args.runs, args.busy)


def _rate(bad: int, total: int) -> str:
    return f"{bad}/{total} ({100 * bad / max(total, 1):.1f}%)"


def show(results: dict[str, dict[str, Tally]], exercises: int, runs: int, busy: int) -> None:
    """Print the comparison table and every false verdict."""
    table = Table(
        title=f"growth checks: {exercises} exercises x {runs} runs; load = {busy} busy processes"
    )
    for col in (
        "condition",
        "method",
        "correct code failed",
        "mutants missed",
        "ref check ms mean",
        "ref check ms p90",
        "all sources ms mean",
    ):
        table.add_column(col, justify="left" if col in ("condition", "method") else "right")
    for condition, tallies in results.items():
        for method, t in tallies.items():
            table.add_row(
                condition,
                method,
                _rate(t.false_fail, t.correct_runs),
                _rate(t.missed, t.mutant_runs),
                f"{statistics.mean(t.ref_ms):.0f}" if t.ref_ms else "-",
                f"{pct(t.ref_ms, 0.9):.0f}",
                f"{statistics.mean(t.all_ms):.0f}" if t.all_ms else "-",
            )
    console = Console(width=160)
    console.print(table)
    for condition, tallies in results.items():
        for method, t in tallies.items():
            for note in t.notes:
                console.print(f"  [{condition}, {method}] {note}", markup=False)


if __name__ == "__main__":
    main()
