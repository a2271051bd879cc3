"""One path from received code to a recorded verdict, shared by the CLI, the web and mocks.

``submit`` stores the code as a submission first, then grades it at once or hands it to
a queue; ``grade`` is what a judge does with a submission it took (the web's workers call
it); ``result_of`` turns any stored submission into the one verdict type, ``Result``.

A stored submission always ends: with its verdict (``done``, an attempt), as an
``error`` when the judge failed, or ``cancelled``. Nothing stays pending because
grading raised.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from mldrills import settings
from mldrills.content import Exercise, Meta
from mldrills.errors import InvalidInput, MldrillsError, StoreError
from mldrills.grading import Judge, Result
from mldrills.grading.progress import tracking
from mldrills.grading.results import MAX_CODE_BYTES
from mldrills.judge.cancel import CANCELLED, Cancel
from mldrills.practice import review
from mldrills.practice.attempts import compare_with_earlier, time_spent
from mldrills.store import Store, SubmissionRecord

INTERNAL_MESSAGE = "the judge failed unexpectedly; the server log has the details"
Queue = Callable[[SubmissionRecord], None]


@dataclass(frozen=True)
class Submitted:
    """A stored submission and, once graded here, its verdict (None while queued)."""

    submission: SubmissionRecord
    result: Result | None


def check_code(code: str) -> None:
    """Refuse empty code and code over the judge's limit (InvalidInput, stating the limit)."""
    if not code.strip():
        raise InvalidInput("the code is empty", hint="send the whole solution file")
    if len(code.encode("utf-8", errors="replace")) > MAX_CODE_BYTES:
        raise InvalidInput(
            f"code is larger than the limit of {MAX_CODE_BYTES} bytes ({MAX_CODE_BYTES // 1000} KB)"
        )


def submit(
    store: Store,
    judge: Judge,
    user_id: int,
    exercise: Exercise,
    code: str,
    *,
    hidden: bool,
    queue: Queue | None = None,
    cancel: Cancel | None = None,
) -> Submitted:
    """Store ``code`` as a submission (every check when ``hidden``, else a test run).

    Without ``queue`` it is graded here and now and the verdict recorded; with one, the
    pending submission is handed to it and returned at once (whoever takes it from the
    queue calls ``grade``).
    """
    check_code(code)
    received = store.create_submission(user_id, exercise.slug, code, hidden=hidden)
    if queue is not None:
        queue(received)
        return Submitted(received, None)
    with held_here(store, received) as taken:
        return grade(store, judge, exercise, taken, cancel=cancel)


# The lease holder of submissions graded in this process rather than by a queue worker.
HERE = f"here:{socket.gethostname()[:40]}:{os.getpid()}"


@contextlib.contextmanager
def held_here(store: Store, submission: SubmissionRecord) -> Iterator[SubmissionRecord]:
    """Take a pending submission to grade in this process, under a lease renewed meanwhile.

    Queue workers' sweeps send back running submissions whose lease lapsed: the lease
    keeps them off this one while this process grades it, and lets them take it back
    (graded by a worker, nothing lost) if this process dies mid-grade.
    """
    lease_s = float(settings.get_int("job_lease_seconds", minimum=1))
    claim = store.claim_submission(submission.id, HERE, lease_s)
    if claim is None:
        raise StoreError(f"submission {submission.id} was taken by another judge")
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(lease_s / 3):
            with contextlib.suppress(MldrillsError):  # the next renewal tries again
                store.renew_leases(HERE, lease_s)

    renewer = threading.Thread(target=renew, name="mldrills-lease", daemon=True)
    renewer.start()
    try:
        yield claim.submission
    finally:
        stop.set()
        renewer.join()
        with contextlib.suppress(MldrillsError):  # a sweep forgets leases of ended rows
            store.release_lease(submission.id)


def grade(
    store: Store,
    judge: Judge,
    exercise: Exercise,
    submission: SubmissionRecord,
    *,
    cancel: Cancel | None = None,
) -> Submitted:
    """Grade a submission this judge has taken (``running``) and record the outcome.

    A judge error ends the submission as ``error`` and is raised again; a cancel ends it
    ``cancelled`` (no attempt, the clock untouched).
    """
    try:
        with tracking(judge.board, submission.id):  # which check runs, for the web page
            result = judge.grade_exercise(
                exercise, submission.code, hidden=submission.hidden, cancel=cancel
            )
    except MldrillsError as exc:
        _end(store, submission, exc.message)
        raise
    except KeyboardInterrupt:
        _end(store, submission, CANCELLED, cancelled=True)
        raise
    except BaseException:
        _end(store, submission, INTERNAL_MESSAGE)
        raise
    if cancel is not None and cancel.requested:
        _end(store, submission, CANCELLED, cancelled=True)
        return Submitted(store.submission(submission.user_id, submission.id), result)
    recorded = record_verdict(store, submission, exercise.meta, result)
    return Submitted(recorded, result)


def record_verdict(
    store: Store, submission: SubmissionRecord, meta: Meta, result: Result
) -> SubmissionRecord:
    """Record the verdict with the time on the clock (a first pass stops it), the speed
    next to earlier passes, and a review card after a failed or slow submission."""
    solved = submission.hidden and result.status == "pass"
    spent = time_spent(store, submission.user_id, meta.slug, solved=solved)
    compare_with_earlier(store, submission.user_id, meta.slug, result)
    finished = store.finish_submission(submission.id, result.to_dict(), time_spent_s=spent)
    if finished is None:  # it ended meanwhile (cancelled, or failed by a restart)
        return store.submission(submission.user_id, submission.id)
    review.note_attempt(store, submission.user_id, meta, finished)
    return finished


def end(
    store: Store, submission: SubmissionRecord, message: str, *, cancelled: bool = False
) -> SubmissionRecord:
    """End a submission without a verdict (``error``, or ``cancelled``); returns it as stored."""
    ended = store.end_submission(submission.id, message, cancelled=cancelled)
    return ended or store.submission(submission.user_id, submission.id)


def _end(
    store: Store, submission: SubmissionRecord, message: str, *, cancelled: bool = False
) -> None:
    # Best effort while another error is on its way up: that one is what the caller sees.
    with contextlib.suppress(MldrillsError):
        store.end_submission(submission.id, message, cancelled=cancelled)


def result_of(submission: SubmissionRecord) -> Result | None:
    """The verdict of a stored submission as a ``Result`` (None while pending or running).

    A done submission gives its recorded verdict; one that ended without a verdict gives
    an error result whose message says why (the judge failed, a restart, a cancel).
    """
    if submission.state == "done" and submission.verdict is not None:
        stored = {"slug": submission.slug, "hidden": submission.hidden, **submission.verdict}
        return Result.from_dict(stored)
    if submission.finished:
        message = submission.error or "this submission was not graded"
        return Result.failure(submission.slug, message, hidden=submission.hidden)
    return None


__all__ = [
    "INTERNAL_MESSAGE",
    "Queue",
    "Submitted",
    "check_code",
    "end",
    "grade",
    "held_here",
    "record_verdict",
    "result_of",
    "submit",
]
