"""The web grader on the queue: limits, the storage quota, cancel, and fair order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jobs_support import FakeJudge, wait_for

from mldrills.errors import QuotaExceeded
from mldrills.jobs import JobQueue
from mldrills.store import Store
from mldrills.web.errors import TooManyRequests
from mldrills.web.grader import Grader

GOOD = "def solve(x):\n    return x\n"


@pytest.fixture
def make_grader(store: Store, queue: JobQueue, fake_judge: FakeJudge) -> Iterator[Any]:
    made: list[Grader] = []

    def make(**kw: Any) -> Grader:
        options = {"workers": 1, "queue_limit": 50, "per_user_limit": 30, "quota_bytes": 0}
        grader = Grader(fake_judge, store, queue=queue, **{**options, **kw})
        made.append(grader)
        return grader

    yield make
    for grader in made:
        grader.shutdown(wait=True)


def test_a_burst_of_twenty_does_not_delay_another_users_one(
    store: Store, fake_judge: FakeJudge, make_grader: Any
) -> None:
    a = store.create_user("alice", None)
    b = store.create_user("bob", None)
    grader = make_grader()
    fake_judge.release.clear()  # the worker holds Alice's first while the rest arrive
    burst = [grader.submit(a.id, "echo", f"HOLD\n{GOOD}# {i}\n", hidden=True) for i in range(20)]
    bobs = grader.submit(b.id, "echo", f"{GOOD}# bob\n", hidden=True)
    fake_judge.release.set()
    wait_for(
        lambda: all(store.submission(s.user_id, s.id).finished for s in [*burst, bobs]),
        timeout=30,
    )
    position = fake_judge.graded.index(f"{GOOD}# bob\n")
    assert position <= 1, fake_judge.graded  # right after Alice's first, not her twentieth


def test_limits_and_the_quota_refuse_with_clear_errors(
    store: Store, fake_judge: FakeJudge, make_grader: Any
) -> None:
    user = store.local_user()
    grader = make_grader(workers=0, per_user_limit=2, quota_bytes=60_000)
    grader.submit(user.id, "echo", GOOD, hidden=False)
    grader.submit(user.id, "echo", GOOD, hidden=True)
    with pytest.raises(TooManyRequests, match="2 submissions waiting"):
        grader.submit(user.id, "echo", GOOD, hidden=True)
    other = store.create_user("other", None)
    with pytest.raises(QuotaExceeded, match="quota") as refused:
        grader.submit(other.id, "echo", GOOD + "#" * 50_000, hidden=True)
    assert refused.value.http_status == 413 and "MLDRILLS_USER_STORAGE_MB" in str(
        refused.value.hint
    )


def test_cancel_ends_a_waiting_submission_at_once(
    store: Store, fake_judge: FakeJudge, make_grader: Any
) -> None:
    user = store.local_user()
    grader = make_grader(workers=0)  # nobody grades: it stays queued
    sub = grader.submit(user.id, "echo", GOOD, hidden=True)
    cancelled = grader.cancel(user.id, sub.id)
    assert cancelled.state == "cancelled" and "cancelled" in (cancelled.error or "")
    assert grader.cancel(user.id, sub.id).state == "cancelled"  # a second cancel: unchanged
    working = make_grader()  # a worker comes: the queued job finds the row finished
    working.start()
    wait_for(lambda: working.queue.depth() == 0, what="the job to be taken")
    assert fake_judge.graded == [] and store.attempts(user.id) == []


def test_what_a_stopped_server_left_is_graded_by_the_next_once(
    store: Store, fake_judge: FakeJudge, make_grader: Any
) -> None:
    user = store.local_user()
    first = make_grader(workers=0)  # stores and queues, then the process stops
    left = [first.submit(user.id, "echo", f"{GOOD}# {i}\n", hidden=True) for i in range(3)]
    first.shutdown()
    cut = store.create_submission(user.id, "echo", f"{GOOD}# cut\n", hidden=True)
    assert store.claim_submission(cut.id, "stopped-server", lease_s=0.0)  # grade cut short
    again = make_grader(workers=2)
    again.start()
    wait_for(
        lambda: all(store.submission(user.id, s.id).finished for s in [*left, cut]),
        timeout=30,
        what="every verdict after the restart",
    )
    assert sorted(fake_judge.graded) == sorted(s.code for s in [*left, cut])  # each once
    assert len(store.attempts(user.id)) == 4
