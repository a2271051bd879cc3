"""Submissions (one row per run of a user's code, receipt to verdict) and editor drafts.

A row is created ``pending`` when the code arrives, becomes ``running`` when a judge
takes it, and ends ``done`` (with the verdict), ``error`` (it could not be graded) or
``cancelled``. Done rows are the user's attempts: history, progress and statistics read
only those. Test runs (visible checks) are rows with ``hidden`` false.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import Select, case, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from mldrills.errors import InvalidInput, NotFound
from mldrills.store.base import SessionOwner, check_slug, known_id
from mldrills.store.models import Draft, Submission, utcnow

UNFINISHED = ("pending", "running")
FINISHED = ("done", "error", "cancelled")
KINDS = ("test", "submit")
STATUSES = ("pass", "fail", "error")


@dataclass(frozen=True)
class SubmissionRecord:
    """One submission or test run as stored, detached from any session.

    ``status`` is the verdict's pass/fail/error once ``state`` is done (None before);
    ``error`` says why a row ended in the error or cancelled state.
    """

    id: int
    user_id: int
    slug: str
    hidden: bool
    state: str
    status: str | None
    passed_checks: int | None
    total_checks: int | None
    judge_ms: float | None
    time_spent_s: float | None
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    code: str = field(default="", repr=False)
    verdict: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def kind(self) -> str:
        """ "submit" (every check) or "test" (the visible checks only)."""
        return "submit" if self.hidden else "test"

    @property
    def finished(self) -> bool:
        """Whether nothing more will happen to it: done, error or cancelled."""
        return self.state in FINISHED

    @property
    def result(self) -> dict[str, Any]:
        """The stored verdict ({} until it is done)."""
        return self.verdict or {}

    @property
    def attempt_id(self) -> int | None:
        """Its id once it is an attempt (graded to a verdict), else None."""
        return self.id if self.state == "done" else None

    def summary(self) -> dict[str, Any]:
        """The attempt without its code or full result (for lists, in the CLI and web)."""
        return {
            "id": self.id,
            "slug": self.slug,
            "kind": self.kind,
            "status": self.status,
            "passed": self.passed_checks,
            "total": self.total_checks,
            "time_spent_s": self.time_spent_s,
            "judge_ms": self.judge_ms,
            "created_at": self.created_at,
        }


# A graded submission or test run: the same record, read from done rows.
AttemptRecord = SubmissionRecord


class SlugStats(TypedDict):
    """Progress on one exercise; pass counts and times consider submissions only."""

    attempts: int
    passes: int
    test_runs: int
    first_pass_at: datetime | None
    best_time_spent_s: float | None
    last_attempt_at: datetime


@dataclass(frozen=True)
class DraftRecord:
    """The code a user last had in the editor for one exercise."""

    slug: str
    code: str
    updated_at: datetime


def _record(row: Any) -> SubmissionRecord:
    """A record from an ORM row or a RETURNING row (same attribute names)."""
    return SubmissionRecord(
        id=row.id,
        user_id=row.user_id,
        slug=row.slug,
        hidden=row.hidden,
        state=row.state,
        status=row.status,
        passed_checks=row.passed_checks,
        total_checks=row.total_checks,
        judge_ms=row.judge_ms,
        time_spent_s=row.time_spent_s,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        error=row.error,
        code=row.code,
        verdict=row.verdict,
    )


def _json_safe(value: Any) -> Any:
    """A copy of ``value`` with NaN/inf floats as strings, valid JSON on every backend."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def verdict_columns(verdict: dict[str, Any]) -> dict[str, Any]:
    """The columns a verdict fills: status, check counts, judge time and the JSON itself.

    A verdict without status, checks or timings, with an unknown status, or that is not
    JSON is refused (InvalidInput): the store never holds a verdict it cannot read back.
    """
    try:
        status = str(verdict["status"])
        checks = verdict["checks"]
        passed = sum(1 for check in checks if check["status"] == "pass")
        judge_ms = float(verdict["timings"]["total_ms"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"malformed judge result: {exc!r}") from None
    if status not in STATUSES:
        raise InvalidInput(f"judge status {status!r}: expected one of {', '.join(STATUSES)}")
    stored = _json_safe(verdict)
    try:
        json.dumps(stored, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"judge result is not JSON: {exc}") from None
    return {
        "status": status,
        "verdict": stored,
        "passed_checks": passed,
        "total_checks": len(checks),
        "judge_ms": judge_ms,
    }


def _attempts_of(user_id: int) -> Select[Submission]:
    return select(Submission).where(Submission.user_id == user_id, Submission.state == "done")


class SubmissionsMixin(SessionOwner):
    """Store methods for submissions (and the attempts they become) and drafts."""

    # Receiving and grading

    def create_submission(
        self, user_id: int, slug: str, code: str, *, hidden: bool
    ) -> SubmissionRecord:
        """Store received code as a ``pending`` submission (a judge then takes it)."""
        check_slug(slug)
        row = Submission(user_id=user_id, slug=slug, code=code, hidden=hidden, state="pending")
        with self._session() as session:
            session.add(row)
            try:
                session.flush()
            except IntegrityError:
                raise NotFound(f"no user with id {user_id}") from None
            return _record(row)

    def submission(self, user_id: int, submission_id: int) -> SubmissionRecord:
        """One of the user's submissions; NotFound if missing or someone else's."""
        query = select(Submission).where(
            Submission.id == submission_id, Submission.user_id == user_id
        )
        with self._session() as session:
            row = session.scalar(query) if known_id(submission_id) else None
            if row is None:
                raise NotFound(f"no submission with id {submission_id}")
            return _record(row)

    def finish_submission(
        self, submission_id: int, verdict: dict[str, Any], *, time_spent_s: float | None
    ) -> SubmissionRecord | None:
        """Record the verdict of an unfinished submission, which becomes an attempt.

        None when it had already finished (cancelled, failed after a restart, or graded
        by someone else): a verdict is recorded once.
        """
        columns = verdict_columns(verdict)
        query = (
            update(Submission)
            .where(Submission.id == submission_id, Submission.state.in_(UNFINISHED))
            .values(state="done", time_spent_s=time_spent_s, finished_at=utcnow(), **columns)
            .returning(*Submission.__table__.columns)
        )
        with self._session() as session:
            row = session.execute(query).first()
            return _record(row) if row is not None else None

    def end_submission(
        self, submission_id: int, message: str, *, cancelled: bool = False
    ) -> SubmissionRecord | None:
        """End an unfinished submission without a verdict: ``error`` (or ``cancelled``).

        None when it had already finished.
        """
        query = (
            update(Submission)
            .where(Submission.id == submission_id, Submission.state.in_(UNFINISHED))
            .values(
                state="cancelled" if cancelled else "error", error=message, finished_at=utcnow()
            )
            .returning(*Submission.__table__.columns)
        )
        with self._session() as session:
            row = session.execute(query).first()
            return _record(row) if row is not None else None

    def unfinished_submissions(self, user_id: int | None = None) -> int:
        """How many submissions wait or run (of one user, or of everyone)."""
        query = select(func.count()).where(Submission.state.in_(UNFINISHED))
        if user_id is not None:
            query = query.where(Submission.user_id == user_id)
        with self._session() as session:
            return int(session.scalar(query) or 0)

    def unfinished_counts(self, user_id: int) -> tuple[int, int]:
        """Submissions waiting or running: the user's and everyone's, in one query."""
        query = select(func.count().filter(Submission.user_id == user_id), func.count()).where(
            Submission.state.in_(UNFINISHED)
        )
        with self._session() as session:
            mine, everyone = session.execute(query).one()
        return int(mine), int(everyone)

    # Attempts: the done rows

    def record_attempt(
        self,
        user_id: int,
        slug: str,
        kind: str,
        code: str,
        result: dict[str, Any],
        *,
        time_spent_s: float | None,
    ) -> SubmissionRecord:
        """Store an already graded run in one statement (imports, tests, tools)."""
        check_slug(slug)
        if kind not in KINDS:
            raise InvalidInput(f"attempt kind {kind!r}: expected one of {', '.join(KINDS)}")
        now = utcnow()
        values = {
            "user_id": user_id,
            "slug": slug,
            "hidden": kind == "submit",
            "code": code,
            "state": "done",
            "time_spent_s": time_spent_s,
            "created_at": now,
            "started_at": now,
            "finished_at": now,
            **verdict_columns(result),
        }
        query = insert(Submission).values(**values).returning(*Submission.__table__.columns)
        with self._session() as session:
            try:
                return _record(session.execute(query).one())
            except IntegrityError:
                raise NotFound(f"no user with id {user_id}") from None

    def attempts(
        self,
        user_id: int,
        *,
        slug: str | None = None,
        limit: int = 50,
        passed: bool = False,
    ) -> list[SubmissionRecord]:
        """The user's attempts, newest first; optionally of one exercise, or passes only."""
        query = _attempts_of(user_id)
        if slug is not None:
            query = query.where(Submission.slug == slug)
        if passed:
            query = query.where(Submission.status == "pass")
        query = query.order_by(Submission.created_at.desc(), Submission.id.desc())
        with self._session() as session:
            return [_record(row) for row in session.scalars(query.limit(max(limit, 0)))]

    def attempt(self, user_id: int, attempt_id: int) -> SubmissionRecord:
        """One of the user's attempts; NotFound if missing, ungraded or someone else's."""
        query = _attempts_of(user_id).where(Submission.id == attempt_id)
        with self._session() as session:
            row = session.scalar(query) if known_id(attempt_id) else None
            if row is None:
                raise NotFound(f"no attempt with id {attempt_id}")
            return _record(row)

    def stats(self, user_id: int) -> dict[str, SlugStats]:
        """Per-exercise progress of the user, keyed by slug (see SlugStats)."""
        submit = Submission.hidden.is_(True)
        passed = submit & (Submission.status == "pass")
        query = (
            select(
                Submission.slug,
                func.count().filter(submit),
                func.count().filter(passed),
                func.count().filter(Submission.hidden.is_(False)),
                func.min(case((passed, Submission.created_at))),
                func.min(case((passed, Submission.time_spent_s))),
                func.max(Submission.created_at),
            )
            .where(Submission.user_id == user_id, Submission.state == "done")
            .group_by(Submission.slug)
        )
        with self._session() as session:
            rows = session.execute(query).all()
        return {
            slug: SlugStats(
                attempts=n,
                passes=p,
                test_runs=t,
                first_pass_at=first,
                best_time_spent_s=best,
                last_attempt_at=last,
            )
            for slug, n, p, t, first, best, last in rows
        }

    # Drafts

    def save_draft(self, user_id: int, slug: str, code: str) -> DraftRecord:
        """Remember the user's editor contents for an exercise (replacing the last)."""
        check_slug(slug)
        now = utcnow()
        with self._session() as session:
            row = session.get(Draft, (user_id, slug))
            if row is None:
                session.add(Draft(user_id=user_id, slug=slug, code=code, updated_at=now))
            else:
                row.code, row.updated_at = code, now
        return DraftRecord(slug, code, now)

    def draft(self, user_id: int, slug: str) -> DraftRecord | None:
        """The user's saved editor contents for an exercise, or None."""
        with self._session() as session:
            row = session.get(Draft, (user_id, slug))
            return DraftRecord(row.slug, row.code, row.updated_at) if row else None
