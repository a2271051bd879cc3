"""Where a reference grading spends its time: per exercise, per check, round trips.

    python benchmarks/grade_profile.py [SLUG ...] [--runs N] [--top K] [--checks M]

Grades each exercise's reference (every check, hidden included) in one warm sandboxed
``Judge`` (1 slot) ``--runs`` times after a warm-up and prints, per exercise, the median
grading time, the requests sent to the child per grading (each one is a round trip
through the sandbox's socket) and the slowest checks with their median duration and
request count. Sorted slowest first; ``--top`` limits the rows.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from typing import Any

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.grading import Judge, steps
from mldrills.judge.channel import Channel

_counter = {"n": 0}
_per_check: dict[str, int] = {}


def _install_counters() -> None:
    """Count every request of every channel, and the requests of each check."""
    request = Channel.request

    def counted(self: Channel, *args: Any, **kwargs: Any) -> Any:
        _counter["n"] += 1
        return request(self, *args, **kwargs)

    Channel.request = counted  # type: ignore[method-assign]
    run_check = steps._run_check

    def per_check(*args: Any, **kwargs: Any) -> Any:
        before = _counter["n"]
        out = run_check(*args, **kwargs)
        _per_check[out.name] = _counter["n"] - before
        return out

    steps._run_check = per_check  # type: ignore[assignment]


def profile(slug: str, judge: Judge, catalog: Catalog, runs: int) -> dict[str, Any]:
    """Grade ``slug``'s reference ``runs`` times; times, requests and per-check figures."""
    ex = catalog.get(slug)
    code = ex.reference_source()
    judge.grade(slug, code)  # warm-up
    totals: list[float] = []
    requests: list[int] = []
    check_ms: dict[str, list[float]] = defaultdict(list)
    check_req: dict[str, int] = {}
    for _ in range(runs):
        _per_check.clear()
        before = _counter["n"]
        t = time.perf_counter()
        res = judge.grade(slug, code)
        totals.append((time.perf_counter() - t) * 1000)
        requests.append(_counter["n"] - before)
        assert res.status == "pass", res.to_dict()
        for c in res.checks:
            check_ms[c.name].append(c.duration_ms)
            check_req[c.name] = _per_check.get(c.name, 0)
    checks = sorted(
        ((statistics.median(v), check_req.get(k, 0), k) for k, v in check_ms.items()),
        reverse=True,
    )
    return {
        "slug": slug,
        "torch": ex.meta.needs_torch,
        "ms": statistics.median(totals),
        "max": max(totals),
        "requests": int(statistics.median(requests)),
        "checks": checks,
    }


def main() -> None:
    """Parse arguments, profile, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--top", type=int, default=0, help="only the K slowest exercises")
    ap.add_argument("--checks", type=int, default=3, help="slowest checks shown per exercise")
    args = ap.parse_args()
    _install_counters()
    catalog = Catalog()
    slugs = args.slugs or catalog.slugs
    with Judge(catalog, slots=1) as judge:
        rows = [profile(s, judge, catalog, args.runs) for s in slugs]
    rows.sort(key=lambda r: r["ms"], reverse=True)
    if args.top:
        rows = rows[: args.top]
    table = Table(title=f"reference grading in a warm judge ({args.runs} runs, medians)")
    for col in ("exercise", "ms", "max", "requests", "slowest checks: ms / requests"):
        table.add_column(col, justify="left" if col[0] in "es" else "right")
    for r in rows:
        slow = "; ".join(f"{n} {ms:.0f}/{q}" for ms, q, n in r["checks"][: args.checks])
        table.add_row(
            r["slug"] + (" (torch)" if r["torch"] else ""),
            f"{r['ms']:.0f}",
            f"{r['max']:.0f}",
            str(r["requests"]),
            slow,
        )
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
