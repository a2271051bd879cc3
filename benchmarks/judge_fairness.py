"""Slot fairness under load: verdict latency with 8 clients sharing 2 judge slots.

    python benchmarks/judge_fairness.py [SLUG ...] [--clients 8] [--slots 2] [--grades 12]

Each client grades the exercise's reference (every check, hidden included) in a closed
loop: submit, wait for the verdict, submit again. Latency is from the call to the
verdict, waiting for a slot included. Two ways of waiting for a slot run in one
process, one after the other on the same warm judge:
- semaphore: ``threading.BoundedSemaphore``, what the judge used before; a thread
  that comes back just as a slot frees up can take it ahead of older waiters;
- fifo: ``TicketGate``, the judge's queue, which hands a freed slot to the oldest waiter.
The order alternates per exercise so a warming machine does not favour one of them.
"""

from __future__ import annotations

import argparse
import threading
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.judge.supervisor import TicketGate

DEFAULT = ["kmeans", "causal-self-attention"]


def pct(xs: list[float], q: float) -> float:
    """The q-quantile (0..1) of xs, in the same unit."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def load(judge: Judge, slug: str, code: str, clients: int, grades: int) -> dict[str, Any]:
    """Run ``clients`` closed-loop clients of ``grades`` grades each; latencies in ms."""
    lat: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client() -> None:
        start.wait()
        for _ in range(grades):
            t = time.perf_counter()
            res = judge.grade(slug, code)
            ms = (time.perf_counter() - t) * 1000
            assert res.status == "pass", res.to_dict()
            with lock:
                lat.append(ms)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"lat": lat, "rate": len(lat) / (time.perf_counter() - t0)}


def main() -> None:
    """Measure both ways of waiting for a slot and print them side by side."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("slugs", nargs="*", default=DEFAULT)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--slots", type=int, default=2)
    ap.add_argument("--grades", type=int, default=12, help="grades per client and mode")
    args = ap.parse_args()
    catalog = Catalog()
    torch = any(catalog.get(s).meta.needs_torch for s in args.slugs)
    table = Table(
        "exercise", "waiting", "verdicts/s", "p50 ms", "p95 ms", "max ms", "p95 / p50",
        title=f"{args.clients} clients, {args.slots} slots, {args.grades} grades each",
    )  # fmt: skip
    with Judge(catalog, slots=args.slots, preload_torch=torch) as judge:
        for i, slug in enumerate(args.slugs):
            code = catalog.get(slug).reference_source()
            judge.grade(slug, code)  # warm the checks and the reference
            modes: list[tuple[str, Any]] = [
                ("semaphore (before)", lambda: threading.BoundedSemaphore(args.slots)),
                ("fifo (now)", lambda: TicketGate(args.slots)),
            ]
            rows = {}
            for name, make in modes if i % 2 == 0 else modes[::-1]:
                judge._slots = make()  # the benchmark alone swaps the old behaviour back in
                rows[name] = load(judge, slug, code, args.clients, args.grades)
            for name, _ in modes:
                lat, rate = rows[name]["lat"], rows[name]["rate"]
                p50, p95 = pct(lat, 0.5), pct(lat, 0.95)
                table.add_row(
                    slug, name, f"{rate:.1f}", f"{p50:.0f}", f"{p95:.0f}",
                    f"{max(lat):.0f}", f"{p95 / p50:.1f}x",
                )  # fmt: skip
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
