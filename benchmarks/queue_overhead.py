"""What the grading queue costs per submission, and how fair it is, per queue backend.

Submissions are stored and queued as the web app does, and one in-process worker grades
them with an instant judge (no fork server), so the figures are the queue's own cost:
store the row, enqueue, take, claim, record the verdict. Every backend runs in the same
run on the same machine. Fairness: user A queues a burst, then user B one submission;
the table gives how many of A's were graded before B's.

    .venv/bin/python benchmarks/queue_overhead.py [--n 200] [--burst 20]
        [--redis redis://127.0.0.1:63799/0] [--postgres postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from mldrills.content import Catalog
from mldrills.grading import Judge, Result
from mldrills.grading.results import CheckResult
from mldrills.jobs import JobQueue, Worker, WorkerConfig, enqueue_submission
from mldrills.store import Store

PACKS = Path(__file__).resolve().parents[1] / "tests" / "judge" / "packs"


class InstantJudge(Judge):
    """Passes everything at once and remembers the order it graded in."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog, isolation="off", slots=1, preload_torch=False)
        self.order: list[str] = []

    def grade(self, slug: str, code: str, *, hidden: bool = True, **_: Any) -> Result:
        self.order.append(code)
        checks = [CheckResult("echoes a number", "pass", duration_ms=0.0)]
        return Result(slug, "pass", checks, hidden=hidden, timings={"total_ms": 0.0})


def run(label: str, db_url: str, queue_url: str, n: int, burst: int) -> dict[str, Any]:
    catalog = Catalog(PACKS)
    judge = InstantJudge(catalog)
    queue = JobQueue(queue_url)
    with Store(db_url) as store:
        store.migrate()
        users = [store.create_user(f"u{i}-{time.monotonic_ns()}", None) for i in range(2)]
        worker = Worker(store, queue, judge, WorkerConfig(concurrency=1, sweep_s=60.0))
        # Throughput and latency: n submissions queued as fast as the web would, graded by
        # one worker started first (so it takes them while they arrive).
        worker.start()
        t0 = time.perf_counter()
        subs = []
        for i in range(n):
            sub = store.create_submission(users[i % 2].id, "echo", f"# {i}\n", hidden=True)
            enqueue_submission(store, queue, catalog, sub)
            subs.append(sub)
        latencies = []
        for sub in subs:
            while not (row := store.submission(sub.user_id, sub.id)).finished:
                time.sleep(0.002)
            assert row.finished_at is not None
            latencies.append((row.finished_at - row.created_at).total_seconds() * 1000)
        elapsed = time.perf_counter() - t0
        worker.stop(timeout=2.0)
        # Fairness: A's burst queued before B's one, then one worker grades them all.
        judge.order.clear()
        a, b = users
        for i in range(burst):
            enqueue_submission(store, queue, catalog, store.create_submission(
                a.id, "echo", f"A{i}", hidden=True))  # fmt: skip
        enqueue_submission(store, queue, catalog, store.create_submission(
            b.id, "echo", "B", hidden=True))  # fmt: skip
        worker = Worker(store, queue, judge, WorkerConfig(concurrency=1, sweep_s=60.0))
        worker.start()
        while len(judge.order) < burst + 1:
            time.sleep(0.01)
        worker.stop(timeout=2.0)
    queue.close()
    return {
        "backend": label,
        "per_s": n / elapsed,
        "p50": statistics.median(latencies),
        "p95": statistics.quantiles(latencies, n=20)[-1],
        "before_b": judge.order.index("B"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument("--redis", default=os.environ.get("MLDRILLS_TEST_REDIS_URL", ""))
    parser.add_argument("--postgres", default=os.environ.get("MLDRILLS_TEST_POSTGRES_URL", ""))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MLDRILLS_DATA_DIR"] = tmp
        sqlite_db = f"sqlite:///{tmp}/mldrills.db"
        rows.append(run("SQLite store + SQLite queue", sqlite_db, f"sqlite:///{tmp}/q.db",
                        args.n, args.burst))  # fmt: skip
        if args.redis:
            rows.append(run("SQLite store + Redis queue", sqlite_db, args.redis, args.n,
                            args.burst))  # fmt: skip
        if args.postgres and args.redis:
            rows.append(run("PostgreSQL store + Redis queue", args.postgres, args.redis,
                            args.n, args.burst))  # fmt: skip
    print(f"{args.n} submissions, 1 worker, instant judge; burst of {args.burst} then 1 other")
    print("| backend | verdicts/s | p50 ms | p95 ms | A's graded before B's |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['backend']} | {r['per_s']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
              f"{r['before_b']} of {args.burst} |")  # fmt: skip


if __name__ == "__main__":
    main()
