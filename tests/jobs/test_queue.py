"""The queue itself: settings, JSON jobs only, priorities."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from mldrills.errors import ConfigError, QueueUnavailable
from mldrills.jobs import Job, JobQueue


def test_queue_urls(tmp_path: Path) -> None:
    assert JobQueue(f"sqlite:///{tmp_path}/q.db").kind == "sqlite"
    assert JobQueue("memory").kind == "memory"
    shown = JobQueue("redis://:secret@127.0.0.1:1/0").shows
    assert "secret" not in shown and "***" in shown
    for bad in ("rabbit://host", "sqlite:q.db", "postgres://x"):
        with pytest.raises(ConfigError, match="MLDRILLS_QUEUE_URL"):
            JobQueue(bad)


def test_an_unreachable_queue_is_a_clear_error() -> None:
    queue = JobQueue("redis://127.0.0.1:1/0")  # nothing listens on port 1
    with pytest.raises(QueueUnavailable, match="cannot be reached"):
        queue.enqueue(Job(1, "abc"))
    with pytest.raises(QueueUnavailable):
        queue.depth()
    queue.close()


def test_jobs_are_json_and_anything_else_is_dropped_unrun(tmp_path: Path) -> None:
    queue = JobQueue(f"sqlite:///{tmp_path}/q.db")
    ran: list[Job] = []
    queue.serve(ran.append)
    # What someone with write access to the queue might plant: a pickle, and a JSON job
    # naming another task.
    queue.huey.storage.enqueue(pickle.dumps(("os.system", "touch /tmp/pwned")))
    queue.huey.storage.enqueue(b'{"name": "other.task", "args": [1, "x"]}')
    queue.enqueue(Job(7, "hash"))
    assert queue.depth() == 3 and queue.queued_ids() == {7}
    while queue.run_next(timeout=0.01):
        pass
    assert queue.depth() == 0 and ran == [Job(7, "hash")]


def test_higher_priority_first_then_first_come(tmp_path: Path) -> None:
    queue = JobQueue(f"sqlite:///{tmp_path}/q.db")
    ran: list[int] = []
    queue.serve(lambda job: ran.append(job.submission_id))
    for sub_id, priority in [(1, 0), (2, -1), (3, -2), (4, 0), (5, -1)]:
        queue.enqueue(Job(sub_id, "h"), priority=priority)
    while queue.run_next(timeout=0.01):
        pass
    assert ran == [1, 4, 2, 5, 3]


def test_immediate_mode_runs_the_job_inside_enqueue() -> None:
    queue = JobQueue("immediate")
    with pytest.raises(QueueUnavailable, match="no worker"):
        queue.enqueue(Job(1, "h"))
    ran: list[Job] = []
    queue.serve(ran.append)
    queue.enqueue(Job(2, "h"))
    assert ran == [Job(2, "h")]
