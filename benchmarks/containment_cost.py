"""What the per-submission box costs: warm verdicts with the old layers beside the new.

    python benchmarks/containment_cost.py [SLUG ...] [--runs N] [--slots S]

Two warm judges run side by side in one process: "old" has the per-process layers only
(rlimits, user, Landlock, seccomp, netns); "new" adds the box of issue 12 (a cgroup per
slot for memory, pids and CPU share, a tmpfs work dir and /dev/shm, an IPC namespace,
kill-the-box cleanup). Each run grades the exercise's reference solution (every check,
hidden included) once with each judge, alternating which goes first, so machine noise
hits both alike. Prints p50/p95 in ms, the difference of the p50s, the median of the
paired differences (run i new minus run i old; target at most 5 ms on numpy and torch
exercises), the CPU each judge's fork server and children spent per verdict, and the
load average: on a busy machine the wall-clock columns move by tens of ms between runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.grading import Judge

DEFAULT = ["kmeans", "logistic-regression", "causal-self-attention"]


def pct(xs: list[float], q: float) -> float:
    """The q-quantile (0..1) of xs."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def server_cpu_ms(judge: Judge, torch: bool) -> float:
    """CPU time of the judge's fork server and its reaped children so far, in ms."""
    pid = judge.server(torch).proc.pid
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) * 1000 / os.sysconf("SC_CLK_TCK")


def measure(slug: str, judges: dict[str, Judge], catalog: Catalog, runs: int) -> dict:
    """Grade ``slug``'s reference ``runs`` times with each judge; times in ms."""
    ex = catalog.get(slug)
    code = ex.reference_source()
    times: dict[str, list[float]] = {name: [] for name in judges}
    for judge in judges.values():
        judge.grade(slug, code)  # warm up: imports, caches, a torch fork server
    cpu0 = {name: server_cpu_ms(j, ex.meta.needs_torch) for name, j in judges.items()}
    for i in range(runs):
        order = list(judges.items())
        for name, judge in order if i % 2 else order[::-1]:
            t = time.perf_counter()
            res = judge.grade(slug, code)
            times[name].append((time.perf_counter() - t) * 1000)
            assert res.status == "pass", res.to_dict()
    time.sleep(0.5)  # released children are reaped (and their CPU counted) when idle
    cpu = {
        f"{name} cpu": (server_cpu_ms(j, ex.meta.needs_torch) - cpu0[name]) / runs
        for name, j in judges.items()
    }
    return {"slug": slug, "torch": ex.meta.needs_torch, **times, **cpu}


def main() -> None:
    """Parse arguments, measure, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--slots", type=int, default=2)
    args = ap.parse_args()
    catalog = Catalog()
    slugs = args.slugs or DEFAULT
    console = Console()
    with (
        Judge(catalog, slots=args.slots, containment=False) as old,
        Judge(catalog, slots=args.slots, containment=True) as new,
    ):
        layers = new.layers()
        box = [k for k in ("cgroup-memory", "ipc-namespace", "tmpfs-quota") if layers[k]["active"]]
        console.print(f"box layers active in 'new': {', '.join(box) or 'none (not root?)'}")
        rows = [measure(slug, {"old": old, "new": new}, catalog, args.runs) for slug in slugs]
    load = os.getloadavg()[0]
    table = Table(
        "exercise",
        "old p50",
        "old p95",
        "new p50",
        "new p95",
        "p50 new - old",
        "median paired diff",
        "server CPU old / new",
        title=f"Warm verdict latency, ms ({args.runs} runs each, interleaved; "
        f"load average {load:.1f} on {os.cpu_count()} CPUs)",
    )
    for r in rows:
        paired = statistics.median(n - o for n, o in zip(r["new"], r["old"], strict=True))
        table.add_row(
            r["slug"] + (" (torch)" if r["torch"] else ""),
            f"{pct(r['old'], 0.5):.1f}",
            f"{pct(r['old'], 0.95):.1f}",
            f"{pct(r['new'], 0.5):.1f}",
            f"{pct(r['new'], 0.95):.1f}",
            f"{pct(r['new'], 0.5) - pct(r['old'], 0.5):+.1f}",
            f"{paired:+.1f}",
            f"{r['old cpu']:.1f} / {r['new cpu']:.1f}",
        )
    console.print(table)
    console.print(
        "server CPU: the fork server's and its children's CPU per verdict (the submission's "
        "own work included), which load hardly moves"
    )


if __name__ == "__main__":
    main()
