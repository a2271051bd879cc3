"""Spaced-repetition state as Store methods: card schedules, the review log, settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from mldrills.errors import InvalidInput, NotFound
from mldrills.store.base import SessionOwner, flush_for_user
from mldrills.store.models import CardState, ReviewLog, ReviewSettings, User, utcnow

MAX_CARD_ID = 200
MAX_ANSWER_CHARS = 20_000
ORIGINS = ("deck", "failed", "slow")


@dataclass(frozen=True)
class CardStateRecord:
    """A user's schedule for one card, detached from any session."""

    card_id: str
    origin: str
    due: datetime
    last_review: datetime | None
    reviews: int
    created_at: datetime
    state: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class ReviewLogRecord:
    """One stored rating of a card."""

    id: int
    card_id: str
    rating: int
    seen_before: bool
    score: float | None
    proposed: int | None
    elapsed_ms: int | None
    reviewed_at: datetime
    answer: str | None = field(repr=False)


@dataclass(frozen=True)
class ReviewSettingsRecord:
    """A user's daily limits and target retention."""

    new_per_day: int
    reviews_per_day: int
    desired_retention: float


class _Clash(Exception):
    """A write hit a constraint; the caller works out why in a fresh transaction."""


DEFAULT_SETTINGS = ReviewSettingsRecord(new_per_day=10, reviews_per_day=100, desired_retention=0.9)


def _state_record(row: CardState) -> CardStateRecord:
    return CardStateRecord(
        card_id=row.card_id,
        origin=row.origin,
        due=row.due,
        last_review=row.last_review,
        reviews=row.reviews,
        created_at=row.created_at,
        state=row.state,
    )


def _log_record(row: ReviewLog) -> ReviewLogRecord:
    return ReviewLogRecord(
        id=row.id,
        card_id=row.card_id,
        rating=row.rating,
        seen_before=row.seen_before,
        score=row.score,
        proposed=row.proposed,
        elapsed_ms=row.elapsed_ms,
        reviewed_at=row.reviewed_at,
        answer=row.answer,
    )


def _check_card_id(card_id: str) -> None:
    if not card_id or len(card_id) > MAX_CARD_ID:
        raise InvalidInput(f"card id must be 1 to {MAX_CARD_ID} characters: {card_id[:40]!r}")


def check_settings(new_per_day: int, reviews_per_day: int, desired_retention: float) -> None:
    """Reject limits and retention targets the scheduler cannot work with."""
    if not 0 <= new_per_day <= 1000:
        raise InvalidInput(f"new cards per day must be 0 to 1000, not {new_per_day}")
    if not 0 <= reviews_per_day <= 10_000:
        raise InvalidInput(f"reviews per day must be 0 to 10000, not {reviews_per_day}")
    if not 0.7 <= desired_retention <= 0.99:
        raise InvalidInput(f"desired retention must be 0.70 to 0.99, not {desired_retention}")


class ReviewsMixin(SessionOwner):
    """Card schedules and review history, per user."""

    def _refused(self, user_id: int, card_id: str) -> NotFound | InvalidInput:
        """Why a write hit a constraint: an unknown user, or the same card written twice."""
        with self._session() as session:
            if session.get(User, user_id) is None:
                return NotFound(f"no user with id {user_id}")
        return InvalidInput(
            f"card {card_id!r} was saved at the same moment elsewhere; nothing was changed",
            hint="reload and try again",
        )

    def card_states(self, user_id: int, card_ids: list[str] | None = None) -> list[CardStateRecord]:
        """The user's scheduled cards (optionally only ``card_ids``), soonest due first."""
        # Plain column rows, not ORM objects: the queue and the stats read every row.
        query = select(
            CardState.card_id,
            CardState.origin,
            CardState.due,
            CardState.last_review,
            CardState.reviews,
            CardState.created_at,
            CardState.state,
        ).where(CardState.user_id == user_id)
        if card_ids is not None:
            query = query.where(CardState.card_id.in_(card_ids))
        query = query.order_by(CardState.due, CardState.card_id)
        with self._session() as session:
            return [CardStateRecord(*row) for row in session.execute(query)]

    def card_state(self, user_id: int, card_id: str) -> CardStateRecord | None:
        """The user's schedule for one card, or None if never seen."""
        with self._session() as session:
            row = session.get(CardState, (user_id, card_id))
            return _state_record(row) if row is not None else None

    def enqueue_card(
        self, user_id: int, card_id: str, origin: str, state: dict[str, Any], due: datetime
    ) -> CardStateRecord:
        """Put a card in the user's queue by ``due``; a scheduled card is only brought forward."""
        _check_card_id(card_id)
        if origin not in ORIGINS:
            raise InvalidInput(f"card origin {origin!r}: expected one of {', '.join(ORIGINS)}")
        try:
            return self._enqueue(user_id, card_id, origin, state, due)
        except _Clash:
            raise self._refused(user_id, card_id) from None

    def _enqueue(
        self, user_id: int, card_id: str, origin: str, state: dict[str, Any], due: datetime
    ) -> CardStateRecord:
        with self._session() as session:
            row = session.get(CardState, (user_id, card_id))
            if row is None:
                row = CardState(
                    user_id=user_id, card_id=card_id, origin=origin, state=state, due=due
                )
                row.reviews = 0
                session.add(row)
                try:
                    session.flush()
                except IntegrityError:
                    raise _Clash from None
            else:
                row.origin = origin
                row.due = min(row.due, due)
                row.state = {**row.state, "due": row.due.isoformat()}
            return _state_record(row)

    def record_review(
        self,
        user_id: int,
        card_id: str,
        *,
        state: dict[str, Any],
        due: datetime,
        reviewed_at: datetime,
        rating: int,
        answer: str | None = None,
        score: float | None = None,
        proposed: int | None = None,
        elapsed_ms: int | None = None,
    ) -> ReviewLogRecord:
        """Save the card's new schedule and log the rating, in one transaction."""
        _check_card_id(card_id)
        if rating not in (1, 2, 3, 4) or proposed not in (None, 1, 2, 3, 4):
            raise InvalidInput(f"rating must be 1 to 4, not {rating}")
        if answer is not None and len(answer) > MAX_ANSWER_CHARS:
            raise InvalidInput(f"answer is longer than {MAX_ANSWER_CHARS} characters")
        log = ReviewLog(
            user_id=user_id,
            card_id=card_id,
            rating=rating,
            answer=answer,
            score=score,
            proposed=proposed,
            elapsed_ms=elapsed_ms,
            reviewed_at=reviewed_at,
        )
        try:
            return self._record(log, state, due)
        except _Clash:
            raise self._refused(user_id, card_id) from None

    def _record(self, log: ReviewLog, state: dict[str, Any], due: datetime) -> ReviewLogRecord:
        user_id, card_id = log.user_id, log.card_id
        with self._session() as session:
            row = session.get(CardState, (user_id, card_id))
            log.seen_before = row is not None and row.reviews > 0
            if row is None:
                row = CardState(user_id=user_id, card_id=card_id, origin="deck", reviews=0)
                session.add(row)
            row.state, row.due, row.last_review = state, due, log.reviewed_at
            row.reviews = (row.reviews or 0) + 1
            session.add(log)
            try:
                session.flush()
            except IntegrityError:
                raise _Clash from None
            return _log_record(log)

    def review_logs(
        self, user_id: int, *, since: datetime | None = None, card_id: str | None = None
    ) -> list[ReviewLogRecord]:
        """The user's reviews, oldest first, optionally since an instant or of one card."""
        query = select(ReviewLog).where(ReviewLog.user_id == user_id)
        if since is not None:
            query = query.where(ReviewLog.reviewed_at >= since)
        if card_id is not None:
            query = query.where(ReviewLog.card_id == card_id)
        query = query.order_by(ReviewLog.reviewed_at, ReviewLog.id)
        with self._session() as session:
            return [_log_record(row) for row in session.scalars(query)]

    def reviews_since(self, user_id: int, since: datetime) -> tuple[int, int]:
        """How many new cards and how many repeat reviews the user did since ``since``."""
        query = (
            select(ReviewLog.seen_before, func.count())
            .where(ReviewLog.user_id == user_id, ReviewLog.reviewed_at >= since)
            .group_by(ReviewLog.seen_before)
        )
        with self._session() as session:
            counts = {bool(seen): int(n) for seen, n in session.execute(query).all()}
        return counts.get(False, 0), counts.get(True, 0)

    def review_settings(self, user_id: int) -> ReviewSettingsRecord:
        """The user's review settings, or the defaults when never saved."""
        with self._session() as session:
            row = session.get(ReviewSettings, user_id)
            if row is None:
                return DEFAULT_SETTINGS
            return ReviewSettingsRecord(row.new_per_day, row.reviews_per_day, row.desired_retention)

    def save_review_settings(
        self, user_id: int, *, new_per_day: int, reviews_per_day: int, desired_retention: float
    ) -> ReviewSettingsRecord:
        """Validate and store the user's review settings."""
        check_settings(new_per_day, reviews_per_day, desired_retention)
        with self._session() as session:
            row = session.get(ReviewSettings, user_id)
            if row is None:
                row = ReviewSettings(user_id=user_id)
                session.add(row)
            row.new_per_day, row.reviews_per_day = new_per_day, reviews_per_day
            row.desired_retention, row.updated_at = desired_retention, utcnow()
            flush_for_user(session, user_id)
        return ReviewSettingsRecord(new_per_day, reviews_per_day, desired_retention)
