"""practice.submissions: the one path from received code to a recorded verdict.

A fake judge stands in for the sandbox (its verdicts are set per test); the store is
real SQLite, and its statements are counted with a SQLAlchemy event listener.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from mldrills.content import Catalog, Exercise
from mldrills.errors import InvalidInput, JudgeUnavailable
from mldrills.grading.progress import MemoryBoard
from mldrills.grading.results import MAX_CODE_BYTES, CheckResult, Result, Speed
from mldrills.judge.cancel import CANCELLED, Cancel
from mldrills.practice import submissions
from mldrills.practice.attempts import press_start
from mldrills.store import Store

PACKS = Path(__file__).resolve().parents[2] / "packs"
SLUG = "merge-intervals"


class FakeJudge:
    """Gives the verdict in ``status``, or raises ``raises``; notes the row it grades."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.status = "pass"
        self.speed: Speed | None = None
        self.raises: BaseException | None = None
        self.seen: list[tuple[str, str]] = []  # (state, code) of the row while grading
        self.cancel_during: Cancel | None = None
        self.board = MemoryBoard()  # where a real judge's progress goes
        self.during: Any = None  # called while grading

    def grade_exercise(
        self, exercise: Exercise, code: str, *, hidden: bool = True, cancel: Any = None
    ) -> Result:
        for sub in self._rows():  # read through the store, as anyone would
            self.seen.append((sub.state, sub.code))
        if self.cancel_during is not None:
            self.cancel_during.cancel()
        if self.during is not None:
            self.during()
        if self.raises is not None:
            raise self.raises
        checks = [CheckResult("examples", self.status)]
        speed = Speed(**vars(self.speed)) if self.speed else None
        return Result(
            exercise.slug,
            self.status,
            checks,
            hidden=hidden,
            timings={"total_ms": 3.0},
            speed=speed,
        )

    def _rows(self) -> list[Any]:
        user = self.store.local_user().id
        with self.store.engine.connect() as conn:
            ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM submissions")]
        return [self.store.submission(user, i) for i in ids]


@pytest.fixture
def exercise() -> Exercise:
    return Catalog(PACKS).get(SLUG)


@pytest.fixture
def judge(store: Store) -> FakeJudge:
    return FakeJudge(store)


@pytest.fixture
def user(store: Store) -> int:
    return store.local_user().id


@pytest.fixture
def statements(store: Store) -> Iterator[list[str]]:
    """Every SQL statement the store sends from now on."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen.append(" ".join(sql.split()[:3]).upper())

    event.listen(store.engine, "before_cursor_execute", note)
    yield seen
    event.remove(store.engine, "before_cursor_execute", note)


def submit(store: Store, judge: FakeJudge, user: int, exercise: Exercise, **kw: Any) -> Any:
    hidden = kw.pop("hidden", True)
    code = kw.pop("code", "def merge(xs):\n    return xs\n")
    return submissions.submit(store, judge, user, exercise, code, hidden=hidden, **kw)


def test_the_row_is_stored_before_grading_and_becomes_the_attempt(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise
) -> None:
    judge.status = "fail"
    done = submit(store, judge, user, exercise)
    assert judge.seen == [("running", "def merge(xs):\n    return xs\n")]
    sub = done.submission
    assert sub.state == "done" and sub.status == "fail" and sub.attempt_id == sub.id
    assert done.result is not None and sub.verdict == done.result.to_dict()
    assert store.attempts(user) == [sub]  # one row: the submission is the attempt
    assert submissions.result_of(sub) == done.result


def test_a_queued_submission_waits_then_a_judge_takes_it(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise
) -> None:
    queued: list[Any] = []
    waiting = submit(store, judge, user, exercise, queue=queued.append, hidden=False)
    assert waiting.result is None and waiting.submission.state == "pending"
    assert queued == [waiting.submission] and judge.seen == []
    claim = store.claim_submission(waiting.submission.id, "worker-1", 15.0)
    assert claim is not None
    graded = submissions.grade(store, judge, exercise, claim.submission)
    assert graded.submission.state == "done" and graded.submission.kind == "test"
    assert store.stats(user)[SLUG]["test_runs"] == 1


def test_clock_stops_at_the_first_pass_and_a_failed_submit_is_reviewed(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise
) -> None:
    press_start(store, user, SLUG)
    judge.status = "fail"
    failed = submit(store, judge, user, exercise).submission
    assert failed.time_spent_s is not None and failed.time_spent_s >= 0
    assert store.card_state(user, f"exercise:{SLUG}") is not None  # back later as a card
    judge.status = "pass"
    solved = submit(store, judge, user, exercise).submission
    clock = store.clock(user, SLUG)
    assert clock is not None and clock.stopped_at is not None
    assert solved.time_spent_s == clock.banked_s
    again = submit(store, judge, user, exercise).submission
    assert again.time_spent_s is None  # after the solve the clock is not the learner's
    assert store.stats(user)[SLUG]["first_pass_at"] == solved.created_at


def test_speed_is_compared_with_earlier_passes(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise
) -> None:
    judge.speed = Speed(2.0, 0.4, 0.2, 3, 5, 40.0)
    first = submit(store, judge, user, exercise).result
    assert first.speed.earlier_passes == 0
    judge.speed = Speed(1.5, 0.3, 0.2, 3, 5, 40.0)
    second = submit(store, judge, user, exercise).result
    assert (second.speed.earlier_best, second.speed.earlier_last) == (2.0, 2.0)
    judge.status, judge.speed = "fail", None
    submit(store, judge, user, exercise)  # a failure has no speed and is not compared
    judge.status, judge.speed = "pass", Speed(3.0, 0.6, 0.2, 3, 5, 40.0)
    third = submit(store, judge, user, exercise).result
    assert third.speed.earlier_passes == 2
    assert (third.speed.earlier_best, third.speed.earlier_last) == (1.5, 1.5)


@pytest.mark.parametrize(
    ("raised", "state", "message"),
    [
        (JudgeUnavailable("the fork server stopped"), "error", "the fork server stopped"),
        (RuntimeError("a bug"), "error", submissions.INTERNAL_MESSAGE),
        (KeyboardInterrupt(), "cancelled", CANCELLED),
    ],
)
def test_a_judge_failure_ends_the_row_and_is_raised(
    store: Store,
    judge: FakeJudge,
    user: int,
    exercise: Exercise,
    raised: BaseException,
    state: str,
    message: str,
) -> None:
    judge.raises = raised
    with pytest.raises(type(raised)):
        submit(store, judge, user, exercise)
    (row,) = judge._rows()
    assert (row.state, row.error) == (state, message) and row.verdict is None
    assert store.attempts(user) == [] and store.unfinished_counts(user) == (0, 0)
    shown = submissions.result_of(row)
    assert shown is not None and shown.status == "error" and shown.message == message


def test_a_cancelled_grade_is_no_attempt_and_leaves_the_clock(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise
) -> None:
    press_start(store, user, SLUG)
    cancel = Cancel()
    judge.cancel_during = cancel
    done = submit(store, judge, user, exercise, cancel=cancel)
    assert done.submission.state == "cancelled" and done.submission.error == CANCELLED
    assert store.attempts(user) == []
    clock = store.clock(user, SLUG)
    assert clock is not None and clock.stopped_at is None


@pytest.mark.parametrize("code", ["", "  \n", "x" * (MAX_CODE_BYTES + 1)])
def test_bad_code_is_refused_before_anything_is_stored(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise, code: str
) -> None:
    with pytest.raises(InvalidInput):
        submit(store, judge, user, exercise, code=code)
    assert judge._rows() == [] and judge.seen == []


def writes(seen: list[str]) -> list[str]:
    return [s for s in seen if not s.startswith("SELECT")]


def test_statements_per_submission(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise, statements: list[str]
) -> None:
    """The row is inserted once and updated with the verdict (before the merge a web
    submission wrote the code and verdict twice, to two rows)."""
    judge._rows = lambda: []  # count only the path's own
    press_start(store, user, SLUG)
    statements.clear()
    judge.status = "fail"
    submit(store, judge, user, exercise)  # the CLI's way: graded at once
    # insert; take it with a lease (3); clock read; verdict; review card (read, insert);
    # lease released
    assert len(statements) == 9
    assert writes(statements) == [
        "INSERT INTO SUBMISSIONS",
        "UPDATE SUBMISSIONS SET",
        "INSERT INTO GRADING_LEASES",
        "UPDATE SUBMISSIONS SET",
        "INSERT INTO CARD_STATES",
        "DELETE FROM GRADING_LEASES",
    ]
    statements.clear()
    queued: list[Any] = []
    judge.status = "pass"
    submit(store, judge, user, exercise, queue=queued.append)  # the web's way
    claim = store.claim_submission(queued[0].id, "worker-1", 15.0)  # a queue worker's
    submissions.grade(store, judge, exercise, claim.submission)
    store.release_lease(claim.submission.id)
    # insert; take with a lease (3); clock read; clock stop (read for update, write);
    # verdict; lease released
    assert len(statements) == 9
    assert [s for s in writes(statements) if "SUBMISSIONS" in s] == [
        "INSERT INTO SUBMISSIONS",
        "UPDATE SUBMISSIONS SET",
        "UPDATE SUBMISSIONS SET",
    ]


def test_the_warm_judge_and_serve_record_through_the_same_path(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise
) -> None:
    """What a CLI command's request to the warm judge (or to `mldrills serve`) does."""
    from mldrills.judge.daemon import folder_digest
    from mldrills.practice.service import GradingService

    judge.missing_layers = lambda: []
    service = GradingService(judge, store, Catalog(PACKS))
    request = {
        "op": "grade",
        "slug": SLUG,
        "code": "def merge(xs):\n    return xs\n",
        "submit": True,
        "digest": folder_digest(exercise.path),
        "packs_dir": str(PACKS),
    }
    reply = service.handle(request)
    assert reply["attempt_id"] == reply["submission_id"]
    row = store.attempt(user, reply["attempt_id"])
    assert row.kind == "submit" and row.verdict == reply["result"]
    cancel = Cancel()
    judge.cancel_during = cancel
    stopped = service.handle({**request, "submit": False}, cancel)
    assert stopped["attempt_id"] is None
    assert store.submission(user, stopped["submission_id"]).state == "cancelled"
    assert [a.id for a in store.attempts(user)] == [row.id]


def test_a_sweep_leaves_a_submission_graded_here_alone(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise
) -> None:
    """Queue workers send back running rows whose lease lapsed; one graded in this
    process holds a lease while it runs, so it is not graded twice."""
    swept: list[Any] = []
    judge.during = lambda: swept.append(store.reclaim_expired())
    done = submit(store, judge, user, exercise)
    assert swept == [[]] and done.submission.state == "done"
    assert store.attempts(user) == [done.submission]
    with store.engine.connect() as conn:
        leases = conn.exec_driver_sql("SELECT COUNT(*) FROM grading_leases").scalar_one()
    assert leases == 0  # released once it ended


def test_a_lease_lapses_when_this_process_stops_renewing_it(
    store: Store, judge: FakeJudge, user: int, exercise: Exercise, monkeypatch: Any
) -> None:
    """What a sweep sees after the process grading here died: the row goes back."""
    from datetime import timedelta

    from mldrills.store import leases

    monkeypatch.setenv("MLDRILLS_JOB_LEASE_SECONDS", "1")
    received = store.create_submission(user, SLUG, "code", hidden=True)
    with submissions.held_here(store, received) as taken:
        assert taken.state == "running" and store.reclaim_expired() == []
        later = leases.utcnow() + timedelta(seconds=5)
        monkeypatch.setattr(leases, "utcnow", lambda: later)  # no renewal for 5 s
        (back,) = store.reclaim_expired()
        assert back[0] == received.id
    assert store.submission(user, received.id).state == "pending"
