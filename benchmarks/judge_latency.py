"""Verdict latency per exercise: before vs now, in-process floor, fresh interpreter.

    python benchmarks/judge_latency.py [SLUG ...] [--runs N] [--before-packs DIR]
                                       [--before-tree DIR] [--slots N] [--fresh-runs M]
                                       [--floor]

For each exercise (all of them by default), grades its reference solution (every check,
hidden included) with a warm sandboxed ``Judge``, twice per run, interleaved so machine
noise hits both alike:
- with ``--before-packs DIR``: the exercise as it was (the pack tree under DIR, e.g.
  ``git archive COMMIT packs | tar -x -C DIR``) and as it is now, both with today's
  growth method: what a change to the packs' checks bought;
- with ``--before-tree DIR``: a whole checkout as it was (``git archive COMMIT src packs
  | tar -x -C DIR``), graded by a worker process that imports it, against this one:
  what a change to the packs and the grading code bought;
- without it: with the earlier CPU-time-only growth checks
  (``MLDRILLS_GROWTH_METHOD=cpu``) and with the counted ones (``counts``).
The judge has as many slots as a real one (``MLDRILLS_JUDGE_SLOTS``) unless ``--slots``
says otherwise: with one slot the next child's sandbox set-up (its cgroup, ~20 ms) lands
on the path of every grade, as it would not between a learner's submissions.
The "speed" column is the part of a grade spent on the timing step after a pass
(information for the learner, decided after the verdict). Optionally also:
- floor (``--floor``): the checks run in this process against the code, no sandbox;
- fresh (``--fresh-runs M``): a new interpreter per submission that imports what it
  needs and runs the same in-process grading (what a naive judge does).
Prints per-exercise p50/p95 in ms and, over all exercises, p50/p90/max of the
per-exercise medians (target: p90 <= 150 ms, max <= 400 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.errors import MldrillsError
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


class Variant:
    """One way of grading: a pack tree and a growth method, with its own check modules.

    Check modules are cached in ``sys.modules`` under a name made from the slug alone,
    so two trees of the same exercise would share them: each variant keeps its own and
    puts them in place around its grades.
    """

    def __init__(self, label: str, catalog: Catalog, method: str) -> None:
        self.label, self.catalog, self.method = label, catalog, method
        self.modules: dict[str, types.ModuleType] = {}

    def grade(self, judge: Judge, slug: str) -> tuple[float, float]:
        """Grade ``slug``'s reference once; (milliseconds, of which the timing step's)."""
        ex = self.catalog.get(slug)
        prefix = f"mldrills_packs.{slug.replace('-', '_')}."
        for name in [n for n in sys.modules if n.startswith(prefix)]:
            del sys.modules[name]
        sys.modules.update(self.modules)
        os.environ["MLDRILLS_GROWTH_METHOD"] = self.method
        try:
            t = time.perf_counter()
            res = judge.grade_exercise(ex, ex.reference_source())
            ms = (time.perf_counter() - t) * 1000
        finally:
            self.modules = {n: m for n, m in sys.modules.items() if n.startswith(prefix)}
        if res.status != "pass":  # still timed; a flaky check of an old tree is not fatal
            failing = [c.name for c in res.checks if c.status != "pass"]
            print(f"{self.label} {slug}: {res.status} (seed {res.seed}): {failing}")
        return ms, res.speed.cost_ms if res.speed else 0.0


class TreeVariant(Variant):
    """A whole checkout as it was (its ``src`` and ``packs``), graded by a worker process.

    The worker imports mldrills from ``DIR/src`` and runs a warm judge of its own; the
    benchmark sends it one slug at a time, between its own grades, so both see the same
    machine. (Its fork server starts with ``python -I`` and so runs this checkout's
    child-side code: only the supervisor, the checks and the packs are the old ones.)
    """

    def __init__(self, label: str, root: Path, slots: int | None) -> None:
        super().__init__(label, Catalog(), "counts")
        env = {
            **os.environ,
            "PYTHONPATH": str(root / "src"),
            "MLDRILLS_PACKS_DIR": str(root / "packs"),
            "MLDRILLS_GROWTH_METHOD": "counts",
        }
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker"]
        if slots:
            cmd += ["--slots", str(slots)]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd="/"
        )

    def grade(self, judge: Judge, slug: str) -> tuple[float, float]:
        """Ask the worker to grade ``slug`` once; (milliseconds, of which the timing step's)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(slug + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if answer["status"] != "pass":
            print(f"{self.label} {slug}: {answer['status']}")
        return answer["ms"], answer["speed"]

    def close(self) -> None:
        """Stop the worker (it ends at the end of its input)."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def worker(slots: int | None) -> None:
    """Grade references named on stdin, one per line; answer each with a JSON line."""
    catalog = Catalog()
    with Judge(catalog, slots=slots) as judge:
        for line in sys.stdin:
            ex = catalog.get(line.strip())
            t = time.perf_counter()
            res = judge.grade_exercise(ex, ex.reference_source())
            ms = (time.perf_counter() - t) * 1000
            speed = res.speed.cost_ms if res.speed else 0.0
            print(json.dumps({"ms": ms, "speed": speed, "status": res.status}), flush=True)


def measure(
    slug: str,
    judge: Judge,
    variants: list[Variant],
    runs: int,
    fresh_runs: int,
    floor_too: bool,
) -> dict:
    """Time the ways of grading ``slug``'s reference."""
    ex = variants[-1].catalog.get(slug)
    code = ex.reference_source()
    times: dict[str, list[float]] = {v.label: [] for v in variants}
    speed: dict[str, list[float]] = {v.label: [] for v in variants}
    times.update(floor=[], fresh=[])
    for v in variants:  # warm up every path once (imports, caches)
        v.grade(judge, slug)
    if floor_too:
        grade_in_process(ex, code)
    for i in range(runs):
        for v in variants:
            ms, speed_ms = v.grade(judge, slug)
            times[v.label].append(ms)
            speed[v.label].append(speed_ms)
        if floor_too:
            t = time.perf_counter()
            assert grade_in_process(ex, code).status == "pass"
            times["floor"].append((time.perf_counter() - t) * 1000)
        if i < fresh_runs:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", FRESH, slug], check=True)
            times["fresh"].append((time.perf_counter() - t) * 1000)
    return {"slug": slug, "torch": ex.meta.needs_torch, "speed": speed, **times}


def _cell(xs: list[float], q: float) -> str:
    return f"{pct(xs, q):.0f}" if xs else "-"


def main() -> None:
    """Parse arguments, measure, print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--before-packs", help="a pack tree as it was, graded beside today's")
    ap.add_argument(
        "--before-tree", help="a checkout as it was (src/ and packs/), graded beside today's"
    )
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--slots", type=int, default=None, help="judge slots (default: the setting)")
    ap.add_argument("--fresh-runs", type=int, default=0)
    ap.add_argument("--floor", action="store_true", help="also time in-process grading")
    args = ap.parse_args()
    if args.worker:
        worker(args.slots)
        return
    catalog = Catalog()
    if args.before_tree:
        variants: list[Variant] = [
            TreeVariant("before", Path(args.before_tree), args.slots),
            Variant("now", catalog, "counts"),
        ]
    elif args.before_packs:
        variants = [
            Variant("before", Catalog(args.before_packs), "counts"),
            Variant("now", catalog, "counts"),
        ]
    else:
        variants = [Variant(label, catalog, method) for label, method in METHODS.items()]
    slugs = args.slugs or catalog.slugs
    saved = os.environ.get("MLDRILLS_GROWTH_METHOD")
    try:
        with Judge(catalog, slots=args.slots) as judge:
            slots = judge.slots
            rows = []
            for slug in slugs:
                try:
                    rows.append(
                        measure(slug, judge, variants, args.runs, args.fresh_runs, args.floor)
                    )
                except MldrillsError as exc:  # a pack being edited: say so, time the rest
                    print(f"skipped {slug}: {exc}")
    finally:
        for v in variants:
            if isinstance(v, TreeVariant):
                v.close()
        if saved is None:
            os.environ.pop("MLDRILLS_GROWTH_METHOD", None)
        else:
            os.environ["MLDRILLS_GROWTH_METHOD"] = saved
    a, b = (v.label for v in variants)
    table = Table(
        title=f"warm verdict latency of each reference, ms ({args.runs} runs, {slots} slots)"
    )
    cols = [f"{a} p50", f"{a} p95", f"{b} p50", f"{b} p95", f"{b} speed p50"]
    for col in ("exercise", *cols, "floor p50", "fresh p50"):
        table.add_column(col, justify="right" if col != "exercise" else "left")
    for r in rows:
        table.add_row(
            r["slug"] + (" (torch)" if r["torch"] else ""),
            _cell(r[a], 0.5),
            _cell(r[a], 0.95),
            _cell(r[b], 0.5),
            _cell(r[b], 0.95),
            _cell(r["speed"][b], 0.5),
            _cell(r["floor"], 0.5),
            f"{statistics.median(r['fresh']):.0f}" if r["fresh"] else "-",
        )
    console = Console(width=170)
    console.print(table)
    summary = Table(title=f"over {len(rows)} exercises: per-exercise median latency, ms")
    for col in ("grading", "p50", "p90", "max", "slowest"):
        summary.add_column(col, justify="left" if col in ("grading", "slowest") else "right")
    for v in variants:
        for what, net in (("", False), (", without the timing step", True)):
            medians = [
                (statistics.median(_net(r, v.label) if net else r[v.label]), r["slug"])
                for r in rows
                if r[v.label]
            ]
            values = [m for m, _ in medians]
            slowest = ", ".join(f"{s} {m:.0f}" for m, s in sorted(medians, reverse=True)[:3])
            summary.add_row(
                f"{v.label} ({v.method}{what})",
                f"{pct(values, 0.5):.0f}",
                f"{pct(values, 0.9):.0f}",
                f"{max(values):.0f}",
                slowest,
            )
    console.print(summary)


def _net(row: dict, label: str) -> list[float]:
    """A variant's grading times less the timing step after the pass."""
    return [ms - speed for ms, speed in zip(row[label], row["speed"][label], strict=True)]


if __name__ == "__main__":
    main()
