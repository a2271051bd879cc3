"""Verdict latency per exercise: growth checks old vs new, in-process floor, fresh interpreter.

    python benchmarks/judge_latency.py [SLUG ...] [--runs N] [--fresh-runs M] [--floor]

For each exercise (all of them by default), grades its reference solution (every check,
hidden included) with a warm sandboxed ``Judge``, twice per run: once with the earlier
CPU-time-only growth checks (``MLDRILLS_GROWTH_METHOD=cpu``, today's numbers before the
change) and once with the counted ones (``counts``), interleaved so machine noise hits
both alike. Optionally also:
- floor (``--floor``): the checks run in this process against the code, no sandbox;
- fresh (``--fresh-runs M``): a new interpreter per submission that imports what it
  needs and runs the same in-process grading (what a naive judge does).
Prints per-exercise p50/p95 in ms and, over all exercises, p50/p90/max of the
per-exercise medians (target for the new method: p90 <= 150 ms, max <= 400 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.grading.local import grade_in_process

FRESH = """
import sys, time
t = time.perf_counter()
from mldrills.content import Catalog
from mldrills.grading.local import grade_in_process
ex = Catalog().get(sys.argv[1])
if ex.meta.needs_torch:
    import torch
res = grade_in_process(ex, ex.reference_source())
assert res.status == "pass", res.to_dict()
"""


METHODS = {"old": "cpu", "new": "counts"}  # label -> MLDRILLS_GROWTH_METHOD


def pct(xs: list[float], q: float) -> float:
    """The q-quantile (0..1) of xs, in the same unit."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def measure(
    slug: str, judge: Judge, catalog: Catalog, runs: int, fresh_runs: int, floor_too: bool
) -> dict:
    """Time the ways of grading ``slug``'s reference."""
    ex = catalog.get(slug)
    code = ex.reference_source()
    times: dict[str, list[float]] = {"old": [], "new": [], "floor": [], "fresh": []}
    for method in METHODS.values():  # warm up every path once (imports, caches)
        os.environ["MLDRILLS_GROWTH_METHOD"] = method
        judge.grade(slug, code)
    if floor_too:
        grade_in_process(ex, code)
    for i in range(runs):
        for label, method in METHODS.items():
            os.environ["MLDRILLS_GROWTH_METHOD"] = method
            t = time.perf_counter()
            res = judge.grade(slug, code)
            times[label].append((time.perf_counter() - t) * 1000)
            assert res.status == "pass", (method, res.to_dict())
        if floor_too:
            t = time.perf_counter()
            assert grade_in_process(ex, code).status == "pass"
            times["floor"].append((time.perf_counter() - t) * 1000)
        if i < fresh_runs:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", FRESH, slug], check=True)
            times["fresh"].append((time.perf_counter() - t) * 1000)
    return {"slug": slug, "torch": ex.meta.needs_torch, **times}


def _cell(xs: list[float], q: float) -> str:
    return f"{pct(xs, q):.0f}" if xs else "-"


def main() -> None:
    """Parse arguments, measure, print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--fresh-runs", type=int, default=0)
    ap.add_argument("--floor", action="store_true", help="also time in-process grading")
    args = ap.parse_args()
    catalog = Catalog()
    slugs = args.slugs or catalog.slugs
    saved = os.environ.get("MLDRILLS_GROWTH_METHOD")
    try:
        with Judge(catalog, slots=1) as judge:
            rows = [
                measure(s, judge, catalog, args.runs, args.fresh_runs, args.floor) for s in slugs
            ]
    finally:
        if saved is None:
            os.environ.pop("MLDRILLS_GROWTH_METHOD", None)
        else:
            os.environ["MLDRILLS_GROWTH_METHOD"] = saved
    table = Table(title=f"warm verdict latency of each reference, ms ({args.runs} runs)")
    for col in ("exercise", "old p50", "old p95", "new p50", "new p95", "floor p50", "fresh p50"):
        table.add_column(col, justify="right" if col != "exercise" else "left")
    for r in rows:
        table.add_row(
            r["slug"] + (" (torch)" if r["torch"] else ""),
            _cell(r["old"], 0.5),
            _cell(r["old"], 0.95),
            _cell(r["new"], 0.5),
            _cell(r["new"], 0.95),
            _cell(r["floor"], 0.5),
            f"{statistics.median(r['fresh']):.0f}" if r["fresh"] else "-",
        )
    console = Console(width=170)
    console.print(table)
    summary = Table(title=f"over {len(rows)} exercises: per-exercise median latency, ms")
    for col in ("growth method", "p50", "p90", "max", "slowest"):
        summary.add_column(col, justify="left" if col in ("growth method", "slowest") else "right")
    for label, method in METHODS.items():
        medians = [(statistics.median(r[label]), r["slug"]) for r in rows if r[label]]
        values = [m for m, _ in medians]
        slowest = ", ".join(f"{s} {m:.0f}" for m, s in sorted(medians, reverse=True)[:3])
        summary.add_row(
            f"{label} ({method})",
            f"{pct(values, 0.5):.0f}",
            f"{pct(values, 0.9):.0f}",
            f"{max(values):.0f}",
            slowest,
        )
    console.print(summary)


if __name__ == "__main__":
    main()
