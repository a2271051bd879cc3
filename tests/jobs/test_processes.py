"""Nothing lost when processes die: a worker killed mid-grade, a restarted Redis.

Real ``mldrills worker`` processes (each with its fork server) are started, killed with
SIGKILL while they grade, and replaced; the submission must end graded, once. Every
process a test starts is killed at its end, whatever happened.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jobs_support import ECHO_PACKS, in_ci, wait_for

from mldrills.content import Catalog
from mldrills.jobs import JobQueue, Worker, WorkerConfig, enqueue_submission
from mldrills.store import Store, SubmissionRecord
from mldrills.store.leases import GradingLease

SLUG = "echo"
# Loading takes ~2 s (under the fixture's 3 s check limit), so a kill lands mid-grade.
SLOW = "import time\ntime.sleep(2)\n\ndef solve(x):\n    return x\n"


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Any]:
    """Start ``mldrills worker`` processes; all are killed (with their groups) at the end."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("wb")
        cmd = [sys.executable, "-m", "mldrills.cli", "worker", "-c", "1", "--allow-unsandboxed"]
        proc = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True)
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        kill_group(proc)


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL a worker and everything in its session (its judge's fork server has its own
    session and dies with its parent)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def alive(proc: subprocess.Popen[bytes]) -> bool:
    """True while ``proc`` runs; fails the test at once when it has exited."""
    if proc.poll() is not None:
        pytest.fail(f"the worker exited with {proc.returncode}; see its log in the tmp dir")
    return True


def lease(store: Store, sub_id: int) -> GradingLease | None:
    with store._session() as session:
        row = session.get(GradingLease, sub_id)
        if row is not None:
            session.expunge(row)
        return row


def queued(store: Store, queue: JobQueue, code: str) -> SubmissionRecord:
    user = store.local_user()
    sub = store.create_submission(user.id, SLUG, code, hidden=True)
    enqueue_submission(store, queue, Catalog(ECHO_PACKS), sub)
    return sub


def test_a_worker_killed_mid_grade_is_replaced_and_the_verdict_recorded_once(
    store: Store, queue: JobQueue, spawn: Any
) -> None:
    workers = {proc.pid: proc for proc in (spawn("one"), spawn("two"))}
    sub = queued(store, queue, SLOW)
    held = wait_for(
        lambda: all(alive(p) for p in workers.values()) and lease(store, sub.id),
        timeout=30,
        what="a worker to take the submission",
    )
    holder = int(held.worker_id.split("-")[-2])  # worker ids are host-pid-random
    kill_group(workers.pop(holder))  # mid-grade: the module is still sleeping
    assert store.submission(sub.user_id, sub.id).state == "running"
    done = wait_for(
        lambda: (row := store.submission(sub.user_id, sub.id)).finished and row,
        timeout=40,
        what="the other worker's verdict",
    )
    assert done.state == "done" and done.status == "pass", done
    assert [a.id for a in store.attempts(sub.user_id)] == [sub.id]  # recorded once
    survivor = next(iter(workers.values()))
    assert alive(survivor) and [w.pid for w in store.workers(seen_within_s=1.5)] == [survivor.pid]


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[Any]:
    """A Redis server of this test alone (so it can be restarted), on a free port."""
    binary = shutil.which("redis-server")
    if binary is None:  # CI installs it (.ci/run): there a missing server fails the test
        message = "redis-server is not installed (apt-get install redis-server)"
        pytest.fail(message, pytrace=False) if in_ci() else pytest.skip(message)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> str:
        args = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        args += ["--appendonly", "no", "--dir", str(tmp_path)]
        procs.append(subprocess.Popen(args, stdout=subprocess.DEVNULL))
        url = f"redis://127.0.0.1:{port}/0"
        wait_for(lambda: _answers(url), timeout=10, what="redis-server to start")
        return url

    def stop() -> None:
        procs[-1].kill()
        procs[-1].wait(timeout=10)

    yield start, stop
    for proc in procs:
        proc.kill()
        proc.wait(timeout=10)


def _answers(url: str) -> bool:
    import redis

    try:
        with redis.Redis.from_url(url, socket_timeout=0.5) as client:
            return bool(client.ping())
    except redis.RedisError:
        return False


def test_jobs_lost_with_a_restarted_redis_are_queued_again_and_graded_once(
    backend: dict[str, str], private_redis: Any, fake_judge: Any
) -> None:
    start, stop = private_redis
    queue = JobQueue(start())
    config = WorkerConfig(concurrency=1, lease_s=2.0, sweep_s=0.5, lost_after_s=0.5)
    with Store() as store:
        store.migrate()
        fake_judge.release.clear()  # the first submission holds the worker
        subs = [queued(store, queue, f"HOLD\n{SLOW}")]
        subs += [queued(store, queue, f"{SLOW}# {i}\n") for i in range(3)]
        worker = Worker(store, queue, fake_judge, config)
        worker.start()
        try:
            wait_for(lambda: worker.running() == 1, what="the first grade to start")
            stop()  # Redis dies with three jobs in it (no persistence: they are gone)
            time.sleep(1.0)  # the worker keeps trying meanwhile
            start()
            fake_judge.release.set()
            wait_for(
                lambda: all(store.submission(s.user_id, s.id).finished for s in subs),
                timeout=30,
                what="every verdict after the restart",
            )
        finally:
            worker.stop(timeout=2.0)
            queue.close()
        states = [store.submission(s.user_id, s.id).status for s in subs]
        assert states == ["pass"] * 4
        assert sorted(fake_judge.graded) == sorted(s.code for s in subs)  # each once


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)  # the signal, not the backend
def test_a_stopped_worker_finishes_its_grade_and_unregisters(
    store: Store, queue: JobQueue, spawn: Any
) -> None:
    worker = spawn("stopped")
    sub = queued(store, queue, SLOW)
    wait_for(lambda: alive(worker) and lease(store, sub.id), timeout=30, what="the grade")
    worker.send_signal(signal.SIGTERM)  # as a supervisor stops it: the grade may finish
    assert worker.wait(timeout=30) == 0
    done = store.submission(sub.user_id, sub.id)
    assert done.state == "done" and done.status == "pass"
    assert store.workers() == []  # gone from the list at once, not after a timeout


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_cancel_reaches_the_worker_process_grading_it(
    store: Store, queue: JobQueue, spawn: Any
) -> None:
    from mldrills.practice import submissions

    worker = spawn("cancelled")
    # Two checks of 2.5 s each (under the fixture's 3 s limit): uncancelled, the grade
    # would end with a verdict after 5 s, so an end within 2 s of the cancel is the cancel.
    slow = "import time\n\ndef solve(x):\n    time.sleep(2.5)\n    return x\n"
    sub = queued(store, queue, slow)
    wait_for(lambda: alive(worker) and lease(store, sub.id), timeout=30, what="the grade")
    # What the web's cancel does from the server's process: end the row, flag the lease.
    submissions.end(store, sub, "cancelled: by the test", cancelled=True)
    store.request_cancel(sub.id)
    wait_for(lambda: lease(store, sub.id) is None, timeout=2.0, what="the worker to stop")
    assert alive(worker) and store.submission(sub.user_id, sub.id).state == "cancelled"
    assert store.attempts(sub.user_id) == []
