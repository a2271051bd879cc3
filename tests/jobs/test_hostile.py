"""Hostile submissions through the queued path: each ends with a verdict, and the worker
(and its judge) keeps grading. The attacks are a selection of tests/judge/test_attacks.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from jobs_support import ECHO_PACKS, wait_for

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.jobs import JobQueue, Worker, WorkerConfig, enqueue_submission
from mldrills.store import Store

GOOD = "def solve(x):\n    return x\n"
ATTACKS = {
    "fork-bomb": """
import os, time
def solve(x):
    for _ in range(300):
        try:
            if os.fork() == 0:
                time.sleep(20)
                os._exit(0)
        except OSError:
            break
    return -1
""",
    "memory-hog": """
def solve(x):
    chunks = []
    for _ in range(400):
        chunks.append(bytearray(10 * 2**20))
    return x
""",
    "infinite-loop": "def solve(x):\n    while True:\n        pass\n",
    "os-exit": "import os\ndef solve(x):\n    os._exit(0)\n",
    "kill-the-parents": """
import os, signal
def solve(x):
    for pid in (os.getppid(), 1):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return -1
""",
    "stdout-flood": "def solve(x):\n    while True:\n        print('flood' * 1000)\n",
}


@pytest.fixture(scope="module")
def judge() -> Iterator[Judge]:
    with Judge(Catalog(ECHO_PACKS), preload_torch=False, slots=2) as opened:
        yield opened


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # the attacks, not the backend
def test_attacks_through_a_worker_end_as_failures_and_it_keeps_grading(
    store: Store, queue: JobQueue, judge: Judge
) -> None:
    user = store.local_user()
    catalog = judge.catalog
    worker = Worker(store, queue, judge, WorkerConfig(concurrency=2, lease_s=5.0))
    worker.start()
    try:
        subs = {}
        for name, code in [*ATTACKS.items(), ("good", GOOD)]:
            sub = store.create_submission(user.id, "echo", code, hidden=True)
            enqueue_submission(store, queue, catalog, sub)
            subs[name] = sub
        rows = wait_for(
            lambda: (
                (found := {n: store.submission(user.id, s.id) for n, s in subs.items()})
                and all(r.finished for r in found.values())
                and found
            ),
            timeout=120,
            what="every attack's verdict",
        )
        # After all of them, the same worker still grades a correct submission.
        after = store.create_submission(user.id, "echo", GOOD, hidden=True)
        enqueue_submission(store, queue, catalog, after)
        last = wait_for(
            lambda: (row := store.submission(user.id, after.id)).finished and row, timeout=30
        )
    finally:
        worker.stop(timeout=5.0)
    outcomes = {name: (row.state, row.status) for name, row in rows.items()}
    assert all(o == ("done", "fail") for n, o in outcomes.items() if n != "good"), outcomes
    assert outcomes["good"] == ("done", "pass")
    assert (last.state, last.status) == ("done", "pass")
    assert judge.server().alive()
