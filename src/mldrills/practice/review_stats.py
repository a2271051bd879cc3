"""Review statistics from the store: due counts, the 14-day forecast, retention, per area."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from mldrills.content.decks import CardIndex
from mldrills.store import CardStateRecord, ReviewLogRecord, Store

FORECAST_DAYS = 14
RETENTION_DAYS = 30
# Anki's convention: a card is mature once its interval reaches three weeks.
MATURE_INTERVAL = timedelta(days=21)
EXERCISE_PREFIX = "exercise:"


def day_start(now: datetime) -> datetime:
    """Midnight UTC of ``now``'s day: daily limits and the forecast count UTC days."""
    at = now.astimezone(UTC)
    return at.replace(hour=0, minute=0, second=0, microsecond=0)


def card_area(card_id: str) -> str | None:
    """The area of a deck card id ``<area>/<id>``; None for exercise cards."""
    if card_id.startswith(EXERCISE_PREFIX) or "/" not in card_id:
        return None
    return card_id.split("/", 1)[0]


def is_mature(state: CardStateRecord) -> bool:
    """Whether the card's current interval is at least three weeks."""
    return state.last_review is not None and state.due - state.last_review >= MATURE_INTERVAL


@dataclass(frozen=True)
class Retention:
    """Share of reviews of already-seen cards not rated Again, over a window of days."""

    reviews: int
    recalled: int
    days: int

    @property
    def rate(self) -> float | None:
        """recalled / reviews, or None before any review of a seen card."""
        return self.recalled / self.reviews if self.reviews else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "rate": self.rate}


def retention_of(logs: Sequence[ReviewLogRecord], days: int = RETENTION_DAYS) -> Retention:
    """Retention over ``logs``: first sightings of a card do not count (nothing to retain)."""
    seen = [log for log in logs if log.seen_before]
    return Retention(len(seen), sum(1 for log in seen if log.rating != 1), days)


def retention(store: Store, user_id: int, now: datetime, days: int = RETENTION_DAYS) -> Retention:
    """The learner's measured retention over the last ``days`` days."""
    return retention_of(store.review_logs(user_id, since=now - timedelta(days=days)), days)


def due_count(store: Store, user_id: int, now: datetime) -> int:
    """How many of the user's scheduled cards (deck and exercise) are due at ``now``."""
    return sum(1 for s in store.card_states(user_id) if s.due <= now)


def forecast(
    store: Store, user_id: int, now: datetime, days: int = FORECAST_DAYS
) -> list[tuple[date, int]]:
    """Cards falling due on each of the next ``days`` UTC days; overdue ones count today."""
    start = day_start(now)
    counts = [0] * days
    for state in store.card_states(user_id):
        offset = max((state.due - start) // timedelta(days=1), 0)
        if offset < days:
            counts[offset] += 1
    return [((start + timedelta(days=i)).date(), n) for i, n in enumerate(counts)]


@dataclass(frozen=True)
class AreaStats:
    """Card progress in one area: how many exist, were seen, are due, are mature."""

    area: str
    cards: int
    seen: int
    due: int
    mature: int
    retention: float | None
    reviews: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


def area_stats(
    store: Store, user_id: int, now: datetime | None = None, index: CardIndex | None = None
) -> dict[str, AreaStats]:
    """Per deck area (syllabus order): cards, seen, due, mature, 30-day retention.

    ``index`` defaults to the decks under the packs folder; exercise cards are left out
    (the dashboard counts exercises on their own).
    """
    now = now or datetime.now(UTC)
    index = index if index is not None else CardIndex.load()
    states: dict[str, list[CardStateRecord]] = {}
    for state in store.card_states(user_id):
        area = card_area(state.card_id)
        if area is not None:
            states.setdefault(area, []).append(state)
    logs: dict[str, list[ReviewLogRecord]] = {}
    for log in store.review_logs(user_id, since=now - timedelta(days=RETENTION_DAYS)):
        area = card_area(log.card_id)
        if area is not None:
            logs.setdefault(area, []).append(log)
    out = {}
    for deck in index.decks:
        mine = states.get(deck.area, [])
        kept = retention_of(logs.get(deck.area, []))
        out[deck.area] = AreaStats(
            area=deck.area,
            cards=len(deck.cards),
            seen=sum(1 for s in mine if s.reviews > 0),
            due=sum(1 for s in mine if s.due <= now),
            mature=sum(1 for s in mine if is_mature(s)),
            retention=kept.rate,
            reviews=kept.reviews,
        )
    return out
