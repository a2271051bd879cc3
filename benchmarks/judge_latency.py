"""Verdict latency per exercise: in-process floor vs warm judge vs fresh interpreter.

    python benchmarks/judge_latency.py [SLUG ...] [--runs N] [--fresh-runs M]

For each exercise, grades its reference solution (every check, hidden included):
- floor: the checks run in this process against the code, no sandbox, no fork;
- warm:  the sandboxed ``Judge`` with its fork server already running;
- fresh: a new interpreter per submission that imports what it needs and runs the
  same in-process grading (what a naive judge does).
All three run side by side in one process, interleaved, so machine noise hits them alike.
Prints p50/p95 in ms and the ratios the project targets (warm p50 <= 2 x floor + 15 ms;
fresh / warm >= 20 on torch exercises).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.grading.local import grade_in_process

DEFAULT = [
    "merge-intervals",
    "kmeans",
    "top-k-frequent",
    "edge-creates-cycle",
    "causal-self-attention",
    "logistic-regression",
]
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


def pct(xs: list[float], q: float) -> float:
    """The q-quantile (0..1) of xs, in the same unit."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def measure(slug: str, judge: Judge, catalog: Catalog, runs: int, fresh_runs: int) -> dict:
    """Time the three ways of grading ``slug``'s reference."""
    ex = catalog.get(slug)
    code = ex.reference_source()
    floor, warm, fresh = [], [], []
    judge.grade(slug, code)  # warm up both paths once (imports, caches)
    grade_in_process(ex, code)
    for i in range(runs):
        t = time.perf_counter()
        assert grade_in_process(ex, code).status == "pass"
        floor.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        res = judge.grade(slug, code)
        warm.append((time.perf_counter() - t) * 1000)
        assert res.status == "pass", res.to_dict()
        if i < fresh_runs:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", FRESH, slug], check=True)
            fresh.append((time.perf_counter() - t) * 1000)
    return {
        "slug": slug,
        "torch": ex.meta.needs_torch,
        "floor": floor,
        "warm": warm,
        "fresh": fresh,
    }


def main() -> None:
    """Parse arguments, measure, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--fresh-runs", type=int, default=5)
    args = ap.parse_args()
    catalog = Catalog()
    slugs = args.slugs or [s for s in DEFAULT if s in catalog.slugs]
    with Judge(catalog, slots=1) as judge:
        rows = [measure(s, judge, catalog, args.runs, args.fresh_runs) for s in slugs]
    table = Table(title=f"verdict latency, ms ({args.runs} runs; fresh: {args.fresh_runs})")
    for col in (
        "exercise",
        "floor p50",
        "floor p95",
        "warm p50",
        "warm p95",
        "fresh p50",
        "warm - floor",
        "target 2xfloor+15",
        "fresh / warm",
    ):
        table.add_column(col, justify="right" if col != "exercise" else "left")
    for r in rows:
        f50, w50, fr50 = pct(r["floor"], 0.5), pct(r["warm"], 0.5), statistics.median(r["fresh"])
        ok = "ok" if w50 <= 2 * f50 + 15 else "MISSED"
        speedup = fr50 / w50
        table.add_row(
            r["slug"] + (" (torch)" if r["torch"] else ""),
            f"{f50:.1f}",
            f"{pct(r['floor'], 0.95):.1f}",
            f"{w50:.1f}",
            f"{pct(r['warm'], 0.95):.1f}",
            f"{fr50:.0f}",
            f"{w50 - f50:+.1f}",
            f"{2 * f50 + 15:.1f} {ok}",
            f"{speedup:.0f}x",
        )
    Console(width=170).print(table)


if __name__ == "__main__":
    main()
