"""Mock interview loops as Store methods: rounds, items, answers saved as typed, the clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mldrills.errors import InvalidInput, NotFound
from mldrills.store.base import SessionOwner, flush_for_user, known_id
from mldrills.store.models import (
    Mock,
    MockAnswer,
    MockClock,
    MockItem,
    MockRound,
    StudyPlanSettings,
    utcnow,
)

MAX_ANSWER_CHARS = 50_000  # a coding answer holds a whole solution file
MAX_PART_CHARS = 32


@dataclass(frozen=True)
class MockItemRecord:
    """One item of a round with the text typed for each of its parts."""

    id: int
    position: int
    kind: str
    ref: str
    answers: dict[str, str]


@dataclass(frozen=True)
class MockRoundRecord:
    """One round with its items and clock intervals (an open interval has stop None)."""

    id: int
    position: int
    kind: str
    title: str
    area: str | None
    minutes: float
    result: dict[str, Any] | None
    finished_at: datetime | None
    items: tuple[MockItemRecord, ...]
    intervals: tuple[tuple[datetime, datetime | None], ...]

    @property
    def running(self) -> bool:
        """Whether the clock is running now."""
        return bool(self.intervals) and self.intervals[-1][1] is None


@dataclass(frozen=True)
class MockRecord:
    """A mock with all its rounds, detached from any session."""

    id: int
    user_id: int
    kind: str
    seed: int
    current: int
    report: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    rounds: tuple[MockRoundRecord, ...] = field(repr=False)


@dataclass(frozen=True)
class RoundPlan:
    """What :meth:`MocksMixin.create_mock` stores for one round."""

    kind: str
    title: str
    area: str | None
    minutes: float
    items: tuple[tuple[str, str], ...]  # (kind, ref)


def _round_record(session: Session, row: MockRound) -> MockRoundRecord:
    items = session.scalars(
        select(MockItem).where(MockItem.round_id == row.id).order_by(MockItem.position)
    ).all()
    answers: dict[int, dict[str, str]] = {i.id: {} for i in items}
    if items:
        query = select(MockAnswer).where(MockAnswer.item_id.in_([i.id for i in items]))
        for answer in session.scalars(query):
            answers[answer.item_id][answer.part] = answer.text
    clock = session.scalars(
        select(MockClock).where(MockClock.round_id == row.id).order_by(MockClock.id)
    ).all()
    return MockRoundRecord(
        id=row.id,
        position=row.position,
        kind=row.kind,
        title=row.title,
        area=row.area,
        minutes=row.minutes,
        result=row.result,
        finished_at=row.finished_at,
        items=tuple(MockItemRecord(i.id, i.position, i.kind, i.ref, answers[i.id]) for i in items),
        intervals=tuple((c.started_at, c.stopped_at) for c in clock),
    )


def _record(session: Session, row: Mock) -> MockRecord:
    rounds = session.scalars(
        select(MockRound).where(MockRound.mock_id == row.id).order_by(MockRound.position)
    ).all()
    return MockRecord(
        id=row.id,
        user_id=row.user_id,
        kind=row.kind,
        seed=row.seed,
        current=row.current,
        report=row.report,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
        rounds=tuple(_round_record(session, r) for r in rounds),
    )


class MocksMixin(SessionOwner):
    """Store methods for mock loops."""

    def _mock_row(self, session: Session, user_id: int, mock_id: int) -> Mock:
        row = session.get(Mock, mock_id) if known_id(mock_id) else None
        if row is None or row.user_id != user_id:
            raise NotFound(f"no mock {mock_id}")
        return row

    def _round_row(self, session: Session, mock: Mock, round_id: int) -> MockRound:
        row = session.get(MockRound, round_id) if known_id(round_id) else None
        if row is None or row.mock_id != mock.id:
            raise NotFound(f"mock {mock.id} has no round {round_id}")
        return row

    def create_mock(
        self, user_id: int, kind: str, seed: int, rounds: list[RoundPlan]
    ) -> MockRecord:
        """Store a new mock with its rounds and items; no clock runs yet."""
        now = utcnow()
        with self._session() as session:
            mock = Mock(
                user_id=user_id, kind=kind, seed=seed, current=0, created_at=now, updated_at=now
            )
            session.add(mock)
            flush_for_user(session, user_id)
            for position, plan in enumerate(rounds):
                row = MockRound(
                    mock_id=mock.id,
                    position=position,
                    kind=plan.kind,
                    title=plan.title,
                    area=plan.area,
                    minutes=plan.minutes,
                )
                session.add(row)
                session.flush()
                for index, (item_kind, ref) in enumerate(plan.items):
                    session.add(MockItem(round_id=row.id, position=index, kind=item_kind, ref=ref))
            session.flush()
            return _record(session, mock)

    def mock(self, user_id: int, mock_id: int) -> MockRecord:
        """One of the user's mocks; NotFound for anyone else's."""
        with self._session() as session:
            return _record(session, self._mock_row(session, user_id, mock_id))

    def mocks(self, user_id: int, *, limit: int = 50) -> list[MockRecord]:
        """The user's mocks, newest first."""
        query = (
            select(Mock)
            .where(Mock.user_id == user_id)
            .order_by(Mock.created_at.desc(), Mock.id.desc())
            .limit(max(limit, 0))
        )
        with self._session() as session:
            return [_record(session, row) for row in session.scalars(query)]

    def save_mock_answer(
        self, user_id: int, mock_id: int, item_id: int, part: str, text: str
    ) -> datetime:
        """Replace the text of one part of an item; returns when it was saved."""
        if "\x00" in text:
            raise InvalidInput("an answer cannot contain NUL characters")
        if len(text) > MAX_ANSWER_CHARS:
            raise InvalidInput(f"an answer is at most {MAX_ANSWER_CHARS} characters")
        if len(part) > MAX_PART_CHARS:
            raise InvalidInput(f"answer part {part[:40]!r} is too long")
        with self._session() as session:
            mock = self._mock_row(session, user_id, mock_id)
            item = session.get(MockItem, item_id) if known_id(item_id) else None
            round_ = session.get(MockRound, item.round_id) if item else None
            if item is None or round_ is None or round_.mock_id != mock.id:
                raise NotFound(f"mock {mock_id} has no item {item_id}")
            if round_.finished_at is not None or mock.finished_at is not None:
                raise InvalidInput(f"round {round_.position + 1} is over; its answers are final")
            now = utcnow()
            answer = session.get(MockAnswer, (item_id, part))
            if answer is None:
                session.add(MockAnswer(item_id=item_id, part=part, text=text, updated_at=now))
            else:
                answer.text, answer.updated_at = text, now
            mock.updated_at = now
            return now

    def run_mock_clock(self, user_id: int, mock_id: int, round_id: int, running: bool) -> None:
        """Start (running=True) or pause the round's clock; doing it twice changes nothing."""
        with self._session() as session:
            mock = self._mock_row(session, user_id, mock_id)
            row = self._round_row(session, mock, round_id)
            if running and (row.finished_at is not None or mock.finished_at is not None):
                raise InvalidInput(f"round {row.position + 1} is over")
            open_ = session.scalars(
                select(MockClock).where(
                    MockClock.round_id == round_id, MockClock.stopped_at.is_(None)
                )
            ).first()
            now = utcnow()
            if running and open_ is None:
                session.add(MockClock(round_id=round_id, started_at=now))
            elif not running and open_ is not None:
                open_.stopped_at = now
            mock.updated_at = now

    def finish_mock_round(
        self, user_id: int, mock_id: int, round_id: int, result: dict[str, Any]
    ) -> None:
        """Stop the round's clock, store its result and move the mock to the next round."""
        self.run_mock_clock(user_id, mock_id, round_id, False)
        with self._session() as session:
            mock = self._mock_row(session, user_id, mock_id)
            row = self._round_row(session, mock, round_id)
            if row.finished_at is not None:
                raise InvalidInput(f"round {row.position + 1} is already finished")
            now = utcnow()
            row.result, row.finished_at = result, now
            mock.current = max(mock.current, row.position + 1)
            mock.updated_at = now

    def finish_mock(self, user_id: int, mock_id: int, report: dict[str, Any]) -> None:
        """Mark the mock finished (once) and store its report."""
        with self._session() as session:
            mock = self._mock_row(session, user_id, mock_id)
            now = utcnow()
            mock.finished_at = mock.finished_at or now
            mock.report, mock.updated_at = report, now

    def study_plan_settings(self, user_id: int) -> tuple[str, float] | None:
        """The user's (interview date, hours per day), or None before a plan is set."""
        with self._session() as session:
            row = session.get(StudyPlanSettings, user_id)
            return (row.interview_date, row.hours_per_day) if row else None

    def set_study_plan(self, user_id: int, interview_date: str, hours_per_day: float) -> None:
        """Remember the interview date (ISO) and the hours per day for the study plan."""
        with self._session() as session:
            row = session.get(StudyPlanSettings, user_id)
            if row is None:
                session.add(
                    StudyPlanSettings(
                        user_id=user_id,
                        interview_date=interview_date,
                        hours_per_day=hours_per_day,
                        updated_at=utcnow(),
                    )
                )
            else:
                row.interview_date, row.hours_per_day = interview_date, hours_per_day
                row.updated_at = utcnow()
