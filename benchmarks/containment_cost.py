"""What the per-submission box costs: warm verdicts with the old layers beside the new.

    python benchmarks/containment_cost.py [SLUG ...] [--runs N] [--slots S]

Two warm judges run side by side in one process: "old" has the per-process layers only
(rlimits, user, Landlock, seccomp, netns); "new" adds the box of issue 12 (a cgroup per
slot for memory, pids and CPU share, a tmpfs work dir and /dev/shm, an IPC namespace,
kill-the-box cleanup). Each run grades the exercise's reference solution (every check,
hidden included) once with each judge, alternating which goes first, so machine noise
hits both alike. Prints p50/p95 in ms and the p50 difference (target: at most 5 ms on
numpy and torch exercises).
"""

from __future__ import annotations

import argparse
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


def measure(slug: str, judges: dict[str, Judge], catalog: Catalog, runs: int) -> dict:
    """Grade ``slug``'s reference ``runs`` times with each judge; times in ms."""
    code = catalog.get(slug).reference_source()
    times: dict[str, list[float]] = {name: [] for name in judges}
    for judge in judges.values():
        judge.grade(slug, code)  # warm up: imports, caches, a torch fork server
    for i in range(runs):
        order = list(judges.items())
        for name, judge in order if i % 2 else order[::-1]:
            t = time.perf_counter()
            res = judge.grade(slug, code)
            times[name].append((time.perf_counter() - t) * 1000)
            assert res.status == "pass", res.to_dict()
    return {"slug": slug, "torch": catalog.get(slug).meta.needs_torch, **times}


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
    table = Table(
        "exercise",
        "old p50",
        "old p95",
        "new p50",
        "new p95",
        "p50 new - old",
        title=f"Warm verdict latency, ms ({args.runs} runs each, interleaved)",
    )
    for r in rows:
        name = r["slug"] + (" (torch)" if r["torch"] else "")
        diff = pct(r["new"], 0.5) - pct(r["old"], 0.5)
        table.add_row(
            name,
            f"{pct(r['old'], 0.5):.1f}",
            f"{pct(r['old'], 0.95):.1f}",
            f"{pct(r['new'], 0.5):.1f}",
            f"{pct(r['new'], 0.95):.1f}",
            f"{diff:+.1f}",
        )
    console.print(table)


if __name__ == "__main__":
    main()
