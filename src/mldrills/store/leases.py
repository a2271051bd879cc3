"""Who grades which submission, until when: leases on rows, cancel flags, live workers.

A worker that takes a pending submission holds a lease on it (its worker id and an
expiry it keeps pushing forward while it grades). When a worker dies, its leases
expire and a sweep puts the submissions back to ``pending`` for another worker; a
submission whose grading was interrupted ``max_tries`` times ends as an error instead
(a submission that kills every worker must not go round forever). The verdict is
recorded with ``finish_submission``, which only writes an unfinished row: once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, String, Text, case, cast, delete, exists, func, select, update
from sqlalchemy.orm import Mapped, mapped_column

from mldrills.store.base import SessionOwner, execute_count
from mldrills.store.models import Base, Submission, utcnow
from mldrills.store.submissions import FINISHED, SubmissionRecord
from mldrills.store.submissions import _record as submission_record


class GradingLease(Base):
    """The lease of a submission being graded; kept until it ends (it counts the tries)."""

    __tablename__ = "grading_leases"

    submission_id: Mapped[int] = mapped_column(
        ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True
    )
    worker_id: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    tries: Mapped[int] = mapped_column(default=0)
    cancel_requested: Mapped[bool] = mapped_column(default=False)


class JobWorker(Base):
    """A running grading worker, seen at its last heartbeat."""

    __tablename__ = "job_workers"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    concurrency: Mapped[int]
    packs_hash: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Claim:
    """A submission a worker took (now ``running``) and which try at grading it this is."""

    submission: SubmissionRecord
    tries: int


@dataclass(frozen=True)
class WorkerRecord:
    """A worker as seen by the others, doctor and the metrics."""

    id: str
    host: str
    pid: int
    concurrency: int
    packs_hash: str
    started_at: datetime
    seen_at: datetime


class LeasesMixin(SessionOwner):
    """Store methods for the grading queue's leases and workers."""

    def claim_submission(self, submission_id: int, worker_id: str, lease_s: float) -> Claim | None:
        """Take a pending submission for ``worker_id``; None when it is not pending.

        One transaction: the row turns ``running`` only if it was ``pending`` (so two
        workers never both get it) and its lease counts one more try.
        """
        now = utcnow()
        take = (
            update(Submission)
            .where(Submission.id == submission_id, Submission.state == "pending")
            .values(state="running", started_at=now)
            .returning(*Submission.__table__.columns)
        )
        with self._session() as session:
            row = session.execute(take).first()
            if row is None:
                return None
            lease = session.get(GradingLease, submission_id)
            if lease is None:
                lease = GradingLease(submission_id=submission_id, tries=0)
                session.add(lease)
            lease.worker_id = worker_id
            lease.lease_until = now + timedelta(seconds=lease_s)
            lease.tries += 1
            lease.cancel_requested = False
            session.flush()
            return Claim(submission_record(row), lease.tries)

    def renew_leases(self, worker_id: str, lease_s: float) -> list[int]:
        """Push the worker's leases forward; returns the ids whose cancel was asked."""
        until = utcnow() + timedelta(seconds=lease_s)
        mine = GradingLease.worker_id == worker_id
        with self._session() as session:
            session.execute(update(GradingLease).where(mine).values(lease_until=until))
            cancelled = select(GradingLease.submission_id).where(
                mine, GradingLease.cancel_requested.is_(True)
            )
            return list(session.scalars(cancelled))

    def requeue_submission(self, submission_id: int, worker_id: str) -> bool:
        """Give back a running submission this worker holds: ``pending`` again.

        False when it is not running under this worker any more (ended, or swept).
        """
        held = exists().where(
            GradingLease.submission_id == submission_id, GradingLease.worker_id == worker_id
        )
        back = (
            update(Submission)
            .where(Submission.id == submission_id, Submission.state == "running", held)
            .values(state="pending", started_at=None)
        )
        with self._session() as session:
            if execute_count(session, back) != 1:
                return False
            session.execute(
                update(GradingLease)
                .where(GradingLease.submission_id == submission_id)
                .values(worker_id=None, lease_until=None)
            )
            return True

    def forget_ended_leases(self) -> int:
        """Delete lapsed leases left on submissions that ended (their worker died after the
        end). A live worker's lease stays until it lets go: a cancel still reaches it."""
        ended = exists().where(  # per lease row (few), never a scan of every finished row
            Submission.id == GradingLease.submission_id, Submission.state.in_(FINISHED)
        )
        lapsed = GradingLease.lease_until.is_(None) | (GradingLease.lease_until < utcnow())
        query = delete(GradingLease).where(ended, lapsed)
        with self._session() as session:
            return execute_count(session, query)

    def release_lease(self, submission_id: int) -> None:
        """The submission ended: forget its lease."""
        with self._session() as session:
            session.execute(delete(GradingLease).where(GradingLease.submission_id == submission_id))

    def request_cancel(self, submission_id: int) -> bool:
        """Ask the worker grading a running submission to stop; False when none holds it."""
        query = (
            update(GradingLease)
            .where(GradingLease.submission_id == submission_id, GradingLease.worker_id.is_not(None))
            .values(cancel_requested=True)
        )
        with self._session() as session:
            return execute_count(session, query) > 0

    def reclaim_expired(self) -> list[tuple[int, int, int]]:
        """Running submissions whose lease expired (or that never had one) back to pending.

        Returns (submission id, user id, tries so far) of each row this call put back;
        two sweeps at once put each row back once (the update is conditional).
        """
        now = utcnow()
        live = exists().where(
            GradingLease.submission_id == Submission.id, GradingLease.lease_until >= now
        )
        stale = select(Submission.id, Submission.user_id).where(
            Submission.state == "running", ~live
        )
        back: list[tuple[int, int, int]] = []
        with self._session() as session:
            for sub_id, user_id in session.execute(stale).all():
                again = (
                    update(Submission)
                    .where(Submission.id == sub_id, Submission.state == "running", ~live)
                    .values(state="pending", started_at=None)
                )
                if execute_count(session, again) != 1:
                    continue
                lease = session.get(GradingLease, sub_id)
                if lease is not None:
                    lease.worker_id, lease.lease_until = None, None
                back.append((sub_id, user_id, lease.tries if lease is not None else 0))
        return back

    def pending_submissions(self, older_than_s: float) -> list[tuple[int, int]]:
        """(id, user id) of submissions pending for longer than ``older_than_s`` seconds."""
        since = utcnow() - timedelta(seconds=older_than_s)
        query = (
            select(Submission.id, Submission.user_id)
            .where(Submission.state == "pending", Submission.created_at < since)
            .order_by(Submission.id)
        )
        with self._session() as session:
            return [(int(i), int(u)) for i, u in session.execute(query).all()]

    def queue_rank(self, user_id: int, submission_id: int) -> int:
        """How many of the user's unfinished submissions came before this one."""
        query = select(func.count()).where(
            Submission.user_id == user_id,
            Submission.state.in_(("pending", "running")),
            Submission.id < submission_id,
        )
        with self._session() as session:
            return int(session.scalar(query) or 0)

    def grading_counts(self) -> tuple[int, int]:
        """Submissions waiting for a worker and being graded now, in one query."""
        query = select(
            func.count().filter(Submission.state == "pending"),
            func.count().filter(Submission.state == "running"),
        ).where(Submission.state.in_(("pending", "running")))
        with self._session() as session:
            pending, running = session.execute(query).one()
        return int(pending), int(running)

    # Workers

    def worker_seen(
        self, worker_id: str, *, host: str, pid: int, concurrency: int, packs_hash: str
    ) -> None:
        """Record a worker's heartbeat (registering it the first time)."""
        now = utcnow()
        with self._session() as session:
            row = session.get(JobWorker, worker_id)
            if row is None:
                session.add(
                    JobWorker(
                        id=worker_id, host=host, pid=pid, concurrency=concurrency,
                        packs_hash=packs_hash, started_at=now, seen_at=now,
                    )
                )  # fmt: skip
            else:
                row.seen_at = now

    def worker_gone(self, worker_id: str) -> None:
        """A worker stopped cleanly: remove it from the list."""
        with self._session() as session:
            session.execute(delete(JobWorker).where(JobWorker.id == worker_id))

    def workers(self, seen_within_s: float = 30.0) -> list[WorkerRecord]:
        """Workers heard from in the last ``seen_within_s`` seconds, oldest first."""
        since = utcnow() - timedelta(seconds=seen_within_s)
        query = select(JobWorker).where(JobWorker.seen_at >= since).order_by(JobWorker.started_at)
        with self._session() as session:
            return [
                WorkerRecord(w.id, w.host, w.pid, w.concurrency, w.packs_hash, w.started_at,
                             w.seen_at)
                for w in session.scalars(query)
            ]  # fmt: skip

    def forget_workers(self, not_seen_for_s: float) -> int:
        """Delete workers silent for longer than ``not_seen_for_s`` seconds."""
        since = utcnow() - timedelta(seconds=not_seen_for_s)
        with self._session() as session:
            return execute_count(session, delete(JobWorker).where(JobWorker.seen_at < since))


def _row_size() -> Any:
    return func.length(Submission.code) + func.coalesce(
        func.length(cast(Submission.verdict, Text)), 0
    )


class QuotaMixin(SessionOwner):
    """Store methods for the per-user storage quota of submissions."""

    def storage_used(self, user_id: int) -> tuple[int, int]:
        """About how many bytes the user's rows take (code plus verdicts): all of them,
        and the finished test runs among them (what pruning could free)."""
        size = _row_size()
        prunable = Submission.hidden.is_(False) & Submission.state.in_(FINISHED)
        query = select(
            func.coalesce(func.sum(size), 0),
            func.coalesce(func.sum(case((prunable, size), else_=0)), 0),
        ).where(Submission.user_id == user_id)
        with self._session() as session:
            total, test_runs = session.execute(query).one()
        return int(total or 0), int(test_runs or 0)

    def prune_test_runs(self, user_id: int, free_bytes: int) -> int:
        """Delete the user's oldest finished test runs until ``free_bytes`` are freed.

        Returns the bytes freed (less than asked when the test runs do not hold enough).
        Submissions (every check) are never pruned: they are the user's record.
        """
        query = (
            select(Submission.id, _row_size())
            .where(
                Submission.user_id == user_id,
                Submission.hidden.is_(False),
                Submission.state.in_(FINISHED),
            )
            .order_by(Submission.id)
        )
        freed, doomed = 0, []
        with self._session() as session:
            for sub_id, nbytes in session.execute(query):
                if freed >= free_bytes:
                    break
                doomed.append(sub_id)
                freed += int(nbytes or 0)
            if doomed:
                session.execute(delete(Submission).where(Submission.id.in_(doomed)))
        return freed
