"""A worker grades queued submissions once each, fairly, and gives back what it cannot grade.

These run in one process with a fake judge, on both backend pairs (SQLite store and
queue; PostgreSQL and Redis); tests/jobs/test_processes.py kills real processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jobs_support import FakeJudge, wait_for

from mldrills.errors import QuotaExceeded
from mldrills.jobs import (
    Job,
    JobQueue,
    Worker,
    WorkerConfig,
    enqueue_submission,
    grading_state,
    make_room,
)
from mldrills.practice import submissions
from mldrills.store import Store, SubmissionRecord

SLUG = "echo"
GOOD = "def solve(x):\n    return x\n"


@pytest.fixture
def start_worker(store: Store, queue: JobQueue, fake_judge: FakeJudge) -> Iterator[Any]:
    started: list[Worker] = []

    def start(judge: Any = fake_judge, **config: Any) -> Worker:
        settings = {"concurrency": 1, "lease_s": 2.0, "sweep_s": 0.5, "lost_after_s": 0.5}
        settings.update(config)
        worker = Worker(store, queue, judge, WorkerConfig(**settings))
        worker.start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop(timeout=2.0)


def queue_one(
    store: Store, queue: JobQueue, judge: Any, user_id: int, code: str = GOOD, **kw: Any
) -> SubmissionRecord:
    exercise = judge.catalog.get(SLUG)

    def put(sub: SubmissionRecord) -> None:
        enqueue_submission(store, queue, judge.catalog, sub)

    return submissions.submit(
        store, judge, user_id, exercise, code, hidden=kw.get("hidden", True), queue=put
    ).submission


def finished(store: Store, sub: SubmissionRecord) -> SubmissionRecord | None:
    row = store.submission(sub.user_id, sub.id)
    return row if row.finished else None


def test_a_queued_submission_is_graded_and_recorded_once(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    user = store.local_user()
    sub = queue_one(store, queue, fake_judge, user.id)
    assert sub.state == "pending"
    queue.enqueue(Job(sub.id, _hash(fake_judge)))  # the same job twice: a repeat
    assert queue.depth() == 2 and queue.queued_ids() == {sub.id}
    assert grading_state(store) == {"queue_depth": 1, "in_flight": 0, "workers": 0}
    worker = start_worker()
    done = wait_for(lambda: finished(store, sub), what="the verdict")
    assert done.state == "done" and done.status == "pass"
    wait_for(lambda: queue.depth() == 0, what="the repeated job to be taken")
    wait_for(lambda: worker.running() == 0)
    assert fake_judge.graded == [GOOD]  # graded once, recorded once
    assert [a.id for a in store.attempts(user.id)] == [sub.id]
    assert [w.id for w in store.workers()] == [worker.id]
    assert grading_state(store) == {"queue_depth": 0, "in_flight": 0, "workers": 1}


def test_one_users_burst_does_not_delay_another(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    a = store.create_user("alice", None)
    b = store.create_user("bob", None)
    burst = [queue_one(store, queue, fake_judge, a.id, f"{GOOD}# {i}\n") for i in range(20)]
    late = queue_one(store, queue, fake_judge, b.id, f"{GOOD}# bob\n")
    start_worker()
    wait_for(lambda: all(finished(store, s) for s in [*burst, late]), what="every verdict")
    order = fake_judge.graded
    assert len(order) == 21
    # Bob's one submission comes right after Alice's first, not after her twenty.
    assert order.index(f"{GOOD}# bob\n") <= 1, order


def test_a_worker_with_other_packs_refuses_the_job_and_it_ends_clearly(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    user = store.local_user()
    sub = store.create_submission(user.id, SLUG, GOOD, hidden=True)
    queue.enqueue(Job(sub.id, "another-version"))
    start_worker(max_tries=2)
    done = wait_for(lambda: finished(store, sub), what="the refusal")
    assert done.state == "error" and "version of exercise 'echo'" in (done.error or "")
    assert fake_judge.graded == []


def test_a_submission_whose_worker_died_is_graded_again(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    user = store.local_user()
    sub = store.create_submission(user.id, SLUG, GOOD, hidden=True)
    # A worker that died mid-grade: the row is running under a lease nobody renews.
    assert store.claim_submission(sub.id, "dead-worker", lease_s=0.5) is not None
    start_worker()
    done = wait_for(lambda: finished(store, sub), what="the regrade")
    assert done.state == "done" and fake_judge.graded == [GOOD]
    assert len(store.attempts(user.id)) == 1


def test_a_submission_that_keeps_killing_workers_ends_as_an_error(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    user = store.local_user()
    sub = store.create_submission(user.id, SLUG, GOOD, hidden=True)
    for _ in range(2):  # two workers died while grading it
        assert store.claim_submission(sub.id, "dead-worker", lease_s=0.0) is not None
        assert store.reclaim_expired()
    start_worker(max_tries=2)
    done = wait_for(lambda: finished(store, sub), what="the give-up")
    assert done.state == "error" and "interrupted 2 times" in (done.error or "")
    assert fake_judge.graded == []


def test_pending_rows_the_queue_lost_are_queued_again(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    user = store.local_user()
    sub = store.create_submission(user.id, SLUG, GOOD, hidden=True)  # stored, never queued
    start_worker()
    done = wait_for(lambda: finished(store, sub), what="the sweep")
    assert done.state == "done" and fake_judge.graded == [GOOD]


def test_cancel_of_a_queued_and_of_a_running_submission(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    user = store.local_user()
    fake_judge.release.clear()
    running = queue_one(store, queue, fake_judge, user.id, f"HOLD\n{GOOD}")
    waiting = queue_one(store, queue, fake_judge, user.id, f"{GOOD}# waits\n")
    worker = start_worker()
    wait_for(lambda: worker.running() == 1, what="the grade to start")
    # What the web's cancel does, from any process: end the row, flag its lease.
    for sub in (waiting, running):
        submissions.end(store, sub, "cancelled: by the test", cancelled=True)
        store.request_cancel(sub.id)
    wait_for(lambda: worker.running() == 0, what="the running grade to stop")
    for sub in (waiting, running):
        assert store.submission(user.id, sub.id).state == "cancelled"
    assert store.attempts(user.id) == [] and fake_judge.graded == []


def test_a_judge_failure_ends_the_submission_and_the_worker_goes_on(
    store: Store, queue: JobQueue, fake_judge: FakeJudge, start_worker: Any
) -> None:
    user = store.local_user()
    broken = queue_one(store, queue, fake_judge, user.id, f"BOOM\n{GOOD}")
    fine = queue_one(store, queue, fake_judge, user.id)
    start_worker()
    wait_for(lambda: finished(store, broken) and finished(store, fine))
    assert store.submission(user.id, broken.id).state == "error"
    assert store.submission(user.id, fine.id).status == "pass"


def test_quota_prunes_old_test_runs_first_then_refuses(store: Store) -> None:
    user = store.local_user()
    verdict = {"status": "pass", "checks": [], "timings": {"total_ms": 1.0}}
    old_run = store.record_attempt(user.id, SLUG, "test", "x" * 30_000, verdict, time_spent_s=None)
    kept = store.record_attempt(user.id, SLUG, "submit", "y" * 30_000, verdict, time_spent_s=None)
    quota = 75_000  # room for the two rows above, not for a third with its verdict
    make_room(store, user.id, "z" * 1_000, quota)  # the old test run goes
    assert [a.id for a in store.attempts(user.id)] == [kept.id]
    assert old_run.id not in {a.id for a in store.attempts(user.id)}
    with pytest.raises(QuotaExceeded, match="quota"):
        make_room(store, user.id, "z" * 40_000, quota)  # no test run left to delete
    assert [a.id for a in store.attempts(user.id)] == [kept.id]  # nothing else deleted
    make_room(store, user.id, "z" * 40_000, 0)  # 0: no quota


def _hash(judge: Any) -> str:
    from mldrills.grading.diagnosis import pack_hash

    return pack_hash(judge.catalog.get(SLUG))


def test_leases_of_ended_submissions_are_forgotten(store: Store) -> None:
    user = store.local_user()
    ended, running = (store.create_submission(user.id, SLUG, GOOD, hidden=True) for _ in "ab")
    for sub in (ended, running):
        assert store.claim_submission(sub.id, "some-worker", lease_s=30.0) is not None
    store.end_submission(ended.id, "cancelled while its worker still grades it")
    assert store.forget_ended_leases() == 0  # the worker is alive: a cancel must reach it
    assert store.request_cancel(ended.id) is True
    assert store.renew_leases("some-worker", 0.0) == [ended.id]  # ... then it died
    assert store.forget_ended_leases() == 1
    assert store.renew_leases("some-worker", 30.0) == []  # the running one is still held
    assert store.reclaim_expired() == []  # and not expired
    assert store.requeue_submission(running.id, "another-worker") is False
    assert store.requeue_submission(running.id, "some-worker") is True
    assert store.submission(user.id, running.id).state == "pending"
