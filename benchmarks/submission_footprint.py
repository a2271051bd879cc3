"""What one submission costs the database: statements, transactions and bytes stored.

    python benchmarks/submission_footprint.py [--n 200] [--code-kb 10] [--before-src DIR]

Records ``--n`` submissions of ``--code-kb`` KB of code with a ten-check failing verdict
(a stand-in judge returns it at once: only the store is measured) through the two ways
code reaches a verdict:
- at once: stored, taken under a lease, graded and recorded in one go (the CLI, the
  warm judge, mocks);
- queued: what the web and a queue worker do: the check of waiting submissions, the
  row stored as pending, taken by the worker under a lease, the verdict recorded and
  the lease released (the job queue's own storage is not counted).
For each: SQL statements and transactions per submission (SQLAlchemy event listeners)
and database growth per submission (SQLite file after VACUUM).

With ``--before-src DIR`` (e.g. ``git archive f72f9d5 src | tar -x -C DIR``, the last
commit with separate submissions and attempts) the same runs use that tree's code in a
child interpreter, side by side with today's. Before, "at once" is
``grade_and_record`` and "queued" is the web's thread-pool ``Grader``, which wrote a
submission row and then an attempt row.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SLUG = "merge-intervals"


class StandInJudge:
    """Returns a fixed ten-check failing verdict at once; has what both layouts call."""

    def __init__(self, catalog: Any) -> None:
        self.catalog = catalog
        try:  # where grading reports progress today; the earlier tree has none
            from mldrills.grading.progress import MemoryBoard

            self.board: Any = MemoryBoard()
        except ImportError:
            self.board = None

    def verdict(self, slug: str, hidden: bool) -> Any:
        from mldrills.grading.results import CheckResult, Result

        message = "expected [(1, 5)], got [(1, 3), (3, 5)]; touching intervals merge. " * 2
        checks = [CheckResult(f"check {i}", "fail", message, output="x" * 200) for i in range(10)]
        return Result(slug, "fail", checks, hidden=hidden, timings={"total_ms": 3.0})

    def grade(self, slug: str, code: str, *, hidden: bool = True, cancel: Any = None) -> Any:
        return self.verdict(slug, hidden)

    def grade_exercise(
        self, exercise: Any, code: str, *, hidden: bool = True, cancel: Any = None, **_: Any
    ) -> Any:
        return self.verdict(exercise.slug, hidden)


def measure(layout: str, way: str, n: int, code_kb: int) -> dict[str, float]:
    """Run ``n`` submissions one ``way`` with the code importable here; per-submission costs."""
    from sqlalchemy import event

    from mldrills.content import Catalog
    from mldrills.store import Store

    catalog = Catalog(ROOT / "packs")
    judge = StandInJudge(catalog)
    code = ("x = 1  # padding to the chosen size\n" * (code_kb * 1000 // 36 + 1))[: code_kb * 1000]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "footprint.db"
        store = Store(f"sqlite:///{path}")
        store.migrate()
        user = store.local_user().id
        base = _size(store, path)
        counts = {"statements": 0, "transactions": 0}
        main = threading.main_thread()
        measuring = [False]  # this thread's work counts only inside a submission

        def counted() -> bool:
            return measuring[0] or threading.current_thread() is not main

        def statement(*_: Any) -> None:
            counts["statements"] += counted()

        def commit(*_: Any) -> None:
            counts["transactions"] += counted()

        event.listen(store.engine, "before_cursor_execute", statement)
        event.listen(store.engine, "commit", commit)
        run = _runner(layout, way, store, judge, catalog, user, code)
        for _ in range(n):
            measuring[0] = True
            run()
            measuring[0] = False
            _wait_idle(store)  # its polling is not counted; a pool thread's grading is
        event.remove(store.engine, "before_cursor_execute", statement)
        event.remove(store.engine, "commit", commit)
        grown = _size(store, path) - base
        store.close()
    return {
        "statements": counts["statements"] / n,
        "transactions": counts["transactions"] / n,
        "kb": grown / n / 1000,
    }


def _runner(
    layout: str, way: str, store: Any, judge: Any, catalog: Any, user: int, code: str
) -> Any:
    exercise = catalog.get(SLUG)
    if layout == "now":
        from mldrills.practice import submissions

        if way == "at once":
            return lambda: submissions.submit(store, judge, user, exercise, code, hidden=True)

        def queued() -> None:
            store.unfinished_counts(user)  # the web's limit on waiting submissions
            waiting: list[Any] = []
            submissions.submit(
                store, judge, user, exercise, code, hidden=True, queue=waiting.append
            )
            claim = store.claim_submission(waiting[0].id, "footprint", 15.0)  # as a worker
            verdict = judge.verdict(SLUG, True)
            submissions.record_verdict(store, claim.submission, exercise.meta, verdict)
            store.release_lease(claim.submission.id)

        return queued
    if way == "at once":
        from mldrills.practice.attempts import grade_and_record

        return lambda: grade_and_record(judge, store, user, SLUG, code, submit=True)
    from mldrills.web.grader import Grader

    grader = Grader(judge, store, workers=1, queue_limit=10**6, per_user_limit=10**6)

    return lambda: grader.submit(user, SLUG, code, hidden=True)


def _wait_idle(store: Any) -> None:
    deadline = time.monotonic() + 60
    while store.unfinished_submissions() and time.monotonic() < deadline:
        time.sleep(0.002)


def _size(store: Any, path: Path) -> int:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("VACUUM")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def _child(args: argparse.Namespace) -> None:
    """Measure in this interpreter and print JSON (the parent runs this for --before-src)."""
    out = {way: measure(args.layout, way, args.n, args.code_kb) for way in ("at once", "queued")}
    sys.stdout.write(json.dumps(out) + "\n")


def _before(src: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    env = {**os.environ, "PYTHONPATH": str(src.resolve() / "src")}
    cmd = [sys.executable, __file__, "--child", "before", "--n", str(args.n)]
    cmd += ["--code-kb", str(args.code_kb)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"the run with {src} failed:\n{done.stderr[-2000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="submissions per run")
    parser.add_argument("--code-kb", type=int, default=10, help="size of the code submitted")
    parser.add_argument("--before-src", type=Path, help="a tree with the earlier src/")
    parser.add_argument("--child", dest="layout", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.layout:
        _child(args)
        return
    from rich.console import Console
    from rich.table import Table

    results = {"now": {w: measure("now", w, args.n, args.code_kb) for w in ("at once", "queued")}}
    if args.before_src is not None:
        results = {"before": _before(args.before_src, args), **results}
    table = Table(title=f"per submission: {args.n} runs, {args.code_kb} KB of code, 10 checks")
    for name in ("layout", "way", "statements", "transactions", "DB growth (KB)"):
        table.add_column(name, justify="left" if name in ("layout", "way") else "right")
    for layout, ways in results.items():
        for way, got in ways.items():
            table.add_row(
                layout,
                way,
                f"{got['statements']:.1f}",
                f"{got['transactions']:.1f}",
                f"{got['kb']:.1f}",
            )
    Console().print(table)


if __name__ == "__main__":
    main()
