"""The web's grading queue (submissions) and editor autosave (drafts), as Store methods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from mldrills.errors import NotFound
from mldrills.store.base import SessionOwner, check_slug, execute_count, known_id
from mldrills.store.models import Draft, Submission, utcnow

UNFINISHED = ("pending", "running")
FINISHED = ("pass", "fail", "error")


@dataclass(frozen=True)
class SubmissionRecord:
    """One queued or graded web submission, detached from any session."""

    id: int
    user_id: int
    slug: str
    hidden: bool
    status: str
    attempt_id: int | None
    created_at: datetime
    finished_at: datetime | None
    result: dict[str, Any] | None = field(repr=False)
    code: str = field(repr=False)

    @property
    def done(self) -> bool:
        """Whether grading has finished (whatever the verdict)."""
        return self.status in FINISHED


@dataclass(frozen=True)
class DraftRecord:
    """The code a user last had in the editor for one exercise."""

    slug: str
    code: str
    updated_at: datetime


def _record(row: Submission) -> SubmissionRecord:
    return SubmissionRecord(
        id=row.id,
        user_id=row.user_id,
        slug=row.slug,
        hidden=row.hidden,
        status=row.status,
        attempt_id=row.attempt_id,
        created_at=row.created_at,
        finished_at=row.finished_at,
        result=row.result,
        code=row.code,
    )


class SubmissionsMixin(SessionOwner):
    """Store methods for web submissions and drafts."""

    def create_submission(
        self, user_id: int, slug: str, code: str, *, hidden: bool
    ) -> SubmissionRecord:
        """Queue code for grading; the new submission is ``pending``."""
        check_slug(slug)
        row = Submission(user_id=user_id, slug=slug, code=code, hidden=hidden, status="pending")
        with self._session() as session:
            session.add(row)
            session.flush()
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

    def mark_submission_running(self, submission_id: int) -> None:
        """A worker picked the submission up."""
        query = (
            update(Submission)
            .where(Submission.id == submission_id, Submission.status == "pending")
            .values(status="running")
        )
        with self._session() as session:
            session.execute(query)

    def finish_submission(
        self, submission_id: int, result: dict[str, Any], attempt_id: int | None
    ) -> None:
        """Store the verdict; the status is the result's (``error`` if it has none)."""
        status = str(result.get("status"))
        query = (
            update(Submission)
            .where(Submission.id == submission_id)
            .values(
                status=status if status in FINISHED else "error",
                result=result,
                attempt_id=attempt_id,
                finished_at=utcnow(),
            )
        )
        with self._session() as session:
            session.execute(query)

    def fail_unfinished_submissions(self, message: str) -> int:
        """Mark every pending or running submission as an error (after a restart)."""
        result = {"status": "error", "checks": [], "message": message, "output": ""}
        query = (
            update(Submission)
            .where(Submission.status.in_(UNFINISHED))
            .values(status="error", result=result, finished_at=utcnow())
        )
        with self._session() as session:
            return execute_count(session, query)

    def unfinished_submissions(self, user_id: int | None = None) -> int:
        """How many submissions wait or run (of one user, or of everyone)."""
        query = select(func.count()).where(Submission.status.in_(UNFINISHED))
        if user_id is not None:
            query = query.where(Submission.user_id == user_id)
        with self._session() as session:
            return int(session.scalar(query) or 0)

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
