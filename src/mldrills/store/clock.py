"""The exercise clock as Store methods: time the learner spent, kept on the server.

One row per user and exercise. The clock starts on the first edit or an explicit start,
pauses when asked or when no page has shown it for longer than ``clock_away_seconds``,
stops at the first accepted submission, and is reset only by an explicit restart. The
browser and the CLI only send events; the elapsed time is always computed here, so a
reload, a second tab and the CLI read the same figure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from mldrills import settings
from mldrills.errors import InvalidInput
from mldrills.store.base import SessionOwner, check_slug, flush_for_user
from mldrills.store.models import ExerciseClock, utcnow

ClockState = Literal["new", "running", "paused", "stopped"]
# What the browser and the CLI may send; "restart" is the only one that loses time.
EVENTS = ("start", "activity", "pause", "resume", "away", "back", "restart")


def away_limit_s() -> float:
    """Seconds a clock may go unseen before it pauses (the setting ``clock_away_seconds``)."""
    return float(settings.get_int("clock_away_seconds", minimum=1))


@dataclass(frozen=True)
class ClockRecord:
    """A user's clock on one exercise, detached from any session (pure state)."""

    slug: str
    started_at: datetime
    banked_s: float = 0.0
    running_since: datetime | None = None
    paused_reason: str | None = None
    away_since: datetime | None = None
    stopped_at: datetime | None = None
    restarts: int = 0

    def settled(self, now: datetime, limit_s: float) -> ClockRecord:
        """The clock with an over-long absence turned into a pause at its first instant."""
        if self.running_since is None or self.away_since is None:
            return self
        if (now - self.away_since).total_seconds() <= limit_s:
            return self
        return self._paused(max(self.away_since, self.running_since), "away")

    def _paused(self, at: datetime, reason: str) -> ClockRecord:
        assert self.running_since is not None
        ran = max(0.0, (at - self.running_since).total_seconds())
        return replace(
            self,
            banked_s=self.banked_s + ran,
            running_since=None,
            paused_reason=reason,
            away_since=None,
        )

    def state(self, now: datetime, limit_s: float) -> ClockState:
        """running, paused or stopped, as of ``now``."""
        clock = self.settled(now, limit_s)
        if clock.stopped_at is not None:
            return "stopped"
        return "running" if clock.running_since is not None else "paused"

    def elapsed_s(self, now: datetime, limit_s: float) -> float:
        """Seconds the learner has spent, as of ``now``."""
        clock = self.settled(now, limit_s)
        if clock.running_since is None:
            return clock.banked_s
        return clock.banked_s + max(0.0, (now - clock.running_since).total_seconds())

    def apply(self, event: str, now: datetime, limit_s: float) -> ClockRecord:
        """The clock after ``event`` at ``now``; a stopped clock only restarts."""
        if event == "restart":
            return fresh(self.slug, now, restarts=self.restarts + 1)
        clock = self.settled(now, limit_s)
        if clock.stopped_at is not None:
            return clock
        running = clock.running_since is not None
        if event in ("start", "activity", "resume"):
            if running:  # someone is here: an absence in progress ends
                return replace(clock, away_since=None)
            return replace(clock, running_since=now, paused_reason=None, away_since=None)
        if event == "pause":
            return clock._paused(now, "asked") if running else clock
        if event == "away":
            return replace(clock, away_since=clock.away_since or now) if running else clock
        if event == "back":
            return replace(clock, away_since=None)
        raise InvalidInput(f"clock event {event!r}: expected one of {', '.join(EVENTS)}")

    def stopped(self, now: datetime, limit_s: float) -> ClockRecord:
        """The clock stopped at ``now`` (the first accepted submission)."""
        clock = self.settled(now, limit_s)
        if clock.stopped_at is not None:
            return clock
        if clock.running_since is not None:
            clock = clock._paused(now, "asked")
        return replace(clock, paused_reason=None, stopped_at=now)


def fresh(slug: str, now: datetime, *, restarts: int = 0) -> ClockRecord:
    """A clock started at ``now`` and running."""
    return ClockRecord(slug, started_at=now, running_since=now, restarts=restarts)


def _record(row: ExerciseClock) -> ClockRecord:
    return ClockRecord(
        slug=row.slug,
        started_at=row.started_at,
        banked_s=row.banked_s,
        running_since=row.running_since,
        paused_reason=row.paused_reason,
        away_since=row.away_since,
        stopped_at=row.stopped_at,
        restarts=row.restarts,
    )


def _write(row: ExerciseClock, clock: ClockRecord, now: datetime) -> None:
    row.started_at = clock.started_at
    row.banked_s = clock.banked_s
    row.running_since = clock.running_since
    row.paused_reason = clock.paused_reason
    row.away_since = clock.away_since
    row.stopped_at = clock.stopped_at
    row.restarts = clock.restarts
    row.updated_at = now


def _locked(session: Session, user_id: int, slug: str) -> ExerciseClock | None:
    # FOR UPDATE on PostgreSQL: two tabs sending events at once apply them in turn.
    query = select(ExerciseClock).where(
        ExerciseClock.user_id == user_id, ExerciseClock.slug == slug
    )
    return session.scalars(query.with_for_update()).first()


class ClockMixin(SessionOwner):
    """Store methods for the exercise clock."""

    def clock(self, user_id: int, slug: str) -> ClockRecord | None:
        """The user's clock on this exercise, or None if it never started."""
        query = select(ExerciseClock).where(
            ExerciseClock.user_id == user_id, ExerciseClock.slug == slug
        )
        with self._session() as session:
            row = session.scalars(query).first()
            return _record(row) if row is not None else None

    def clock_event(
        self, user_id: int, slug: str, event: str, *, now: datetime | None = None
    ) -> ClockRecord | None:
        """Apply one event; None when the clock never started and ``event`` does not start it.

        start, activity and resume start a new clock; pause, away and back leave a
        missing one missing; restart always gives a fresh running clock.
        """
        check_slug(slug)
        if event not in EVENTS:
            raise InvalidInput(f"clock event {event!r}: expected one of {', '.join(EVENTS)}")
        now = now or utcnow()
        limit = away_limit_s()
        with self._session() as session:
            row = _locked(session, user_id, slug)
            if row is None:
                if event not in ("start", "activity", "resume", "restart"):
                    return None
                clock = fresh(slug, now)
                row = ExerciseClock(user_id=user_id, slug=slug)
                _write(row, clock, now)
                session.add(row)
                flush_for_user(session, user_id)
                return clock
            clock = _record(row).apply(event, now, limit)
            _write(row, clock, now)
            return clock

    def stop_clock(
        self, user_id: int, slug: str, *, now: datetime | None = None
    ) -> ClockRecord | None:
        """Stop the clock at the first accepted submission; None when it never started."""
        now = now or utcnow()
        with self._session() as session:
            row = _locked(session, user_id, slug)
            if row is None:
                return None
            clock = _record(row).stopped(now, away_limit_s())
            _write(row, clock, now)
            return clock


def elapsed_at(clock: ClockRecord | None, now: datetime) -> float | None:
    """Seconds spent on a clock as of ``now`` (None without a clock)."""
    return None if clock is None else clock.elapsed_s(now, away_limit_s())


__all__ = [
    "EVENTS",
    "ClockMixin",
    "ClockRecord",
    "ClockState",
    "away_limit_s",
    "elapsed_at",
    "fresh",
]
