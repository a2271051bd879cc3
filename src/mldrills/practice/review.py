"""Spaced repetition over concept cards and missed exercises, scheduled with FSRS.

The CLI (``mldrills review``) and the web (``/review``) share everything here: today's
queue under the daily limits, grading a typed answer against the card's rubric, the
rating proposed from that grade, and recording the rating.

Proposed rating from the rubric score (the share of points made):
below 1/3 -> Again, below 2/3 -> Hard, below all -> Good, all points -> Easy.
An answer that states a point's known wrong claim is proposed Hard at best: a confident
wrong statement in an interview costs more than a missing one. The learner may always
override the proposal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from mldrills.content.catalog import Catalog
from mldrills.content.decks import AREA_ORDER, Card, CardIndex
from mldrills.content.pack import Meta
from mldrills.content.rubric import RubricPoint
from mldrills.errors import InvalidInput, NotFound, PackError
from mldrills.feedback import RubricGrade, grade_answer
from mldrills.practice.review_stats import (
    EXERCISE_PREFIX,
    AreaStats,
    Retention,
    area_stats,
    day_start,
    due_count,
    forecast,
    retention,
)
from mldrills.store import AttemptRecord, Store

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
HARD_BELOW, GOOD_BELOW = 1 / 3, 2 / 3


@dataclass(frozen=True)
class ReviewCard:
    """What a review shows: a deck card or a coding exercise to redo."""

    key: str
    area: str
    question: str
    answer: str
    points: tuple[RubricPoint, ...]
    origin: str = "deck"
    difficulty: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the answer and points are sent only when revealed)."""
        return {
            "key": self.key,
            "area": self.area,
            "question": self.question,
            "answer": self.answer,
            "points": [p.point for p in self.points],
            "origin": self.origin,
            "difficulty": self.difficulty,
        }


@dataclass(frozen=True)
class QueueItem:
    """One card of today's queue: "new" (never reviewed) or "due"."""

    card: ReviewCard
    kind: Literal["new", "due"]
    due: datetime | None


@dataclass(frozen=True)
class Queue:
    """Today's queue under the daily limits, and what remains of each limit."""

    items: list[QueueItem]
    new_left: int
    reviews_left: int
    due_total: int


class Cards:
    """Resolves card ids to what a review shows, from the decks and the exercise catalog."""

    def __init__(
        self,
        index: CardIndex,
        exercises: Mapping[str, Meta] | None = None,
        catalog: Catalog | None = None,
    ) -> None:
        self.index = index
        self.exercises = dict(exercises or {})
        self.catalog = catalog  # exercises not in ``exercises`` are looked up here, lazily

    def exercise(self, slug: str) -> Meta | None:
        """The metadata of exercise ``slug``, or None when it is gone or broken."""
        if slug not in self.exercises and self.catalog is not None:
            try:
                self.exercises[slug] = self.catalog.get(slug).meta
            except (NotFound, PackError):
                return None  # a card of a removed exercise drops out of the queue
        return self.exercises.get(slug)

    def get(self, key: str, origin: str = "deck") -> ReviewCard | None:
        """The card with id ``key``, or None when its deck card or exercise is gone."""
        if key.startswith(EXERCISE_PREFIX):
            meta = self.exercise(key[len(EXERCISE_PREFIX) :])
            return exercise_card(meta, origin, self.index.order) if meta is not None else None
        card = self.index.get(key)
        return deck_card(card) if card is not None else None


def deck_card(card: Card) -> ReviewCard:
    """What a review shows for a deck card."""
    return ReviewCard(
        card.key, card.area, card.question, card.answer, card.points, "deck", card.difficulty
    )


def load_cards(catalog: Catalog | None = None, root: Path | str | None = None) -> Cards:
    """Every deck card under the packs folder; exercises are read from ``catalog`` on demand."""
    catalog = catalog if catalog is not None else Catalog(root)
    return Cards(CardIndex.load(root or catalog.root), catalog=catalog)


def exercise_area(meta: Meta, order: list[str] | None = None) -> str:
    """The syllabus area of an exercise: area number ``topic`` (1-10) in syllabus order."""
    order = order if order is not None else list(AREA_ORDER)
    return order[meta.topic - 1] if 1 <= meta.topic <= len(order) else meta.area


def exercise_card(meta: Meta, origin: str, order: list[str] | None = None) -> ReviewCard:
    """A card asking the learner to redo an exercise they failed or solved slowly."""
    why = "failed on submit" if origin == "failed" else "solved over its time budget"
    question = (
        f"Redo the coding exercise “{meta.title}” ({why}). Outline your approach: "
        f"the data structures, the steps and the edge cases, then solve it in "
        f"{meta.time_minutes} minutes."
    )
    answer = (
        f"Open it with `mldrills start {meta.slug}` or in the web app at "
        f"[/exercises/{meta.slug}](/exercises/{meta.slug}), solve it "
        f"within {meta.time_minutes} minutes and submit. Rate how well you recalled the "
        "approach."
    )
    return ReviewCard(
        f"{EXERCISE_PREFIX}{meta.slug}",
        exercise_area(meta, order),
        question,
        answer,
        (),
        origin,
        meta.difficulty,
    )


def scheduler(desired_retention: float) -> Scheduler:
    """The FSRS scheduler with default parameters and the user's target retention."""
    return Scheduler(desired_retention=desired_retention)


def build_queue(
    store: Store,
    user_id: int,
    cards: Cards,
    now: datetime,
    *,
    area: str | None = None,
) -> Queue:
    """Today's queue: due cards (soonest first), then new cards in syllabus and deck order."""
    if area is not None:
        cards.index.deck(area)  # NotFound for an unknown area
    limits = store.review_settings(user_id)
    new_done, reviews_done = store.reviews_since(user_id, day_start(now))
    states = store.card_states(user_id)
    due: list[QueueItem] = []
    for state in states:
        card = cards.get(state.card_id, state.origin)
        if card is None or state.due > now or (area is not None and card.area != area):
            continue
        due.append(QueueItem(card, "due" if state.reviews else "new", state.due))
    reviews_left = max(limits.reviews_per_day - reviews_done, 0)
    new_left = max(limits.new_per_day - new_done, 0)
    scheduled = {state.card_id for state in states}
    fresh = [c for c in cards.index.of_area(area) if c.key not in scheduled][:new_left]
    new = [QueueItem(deck_card(c), "new", None) for c in fresh]
    return Queue(due[:reviews_left] + new, new_left, reviews_left, len(due))


def next_card(
    store: Store, user_id: int, cards: Cards, now: datetime, *, area: str | None = None
) -> QueueItem | None:
    """The first card of today's queue, or None when the day's work is done."""
    queue = build_queue(store, user_id, cards, now, area=area)
    return queue.items[0] if queue.items else None


@dataclass(frozen=True)
class Checked:
    """A typed answer graded against the card's rubric, with the proposed rating."""

    grade: RubricGrade | None
    proposed: int | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "grade": self.grade.to_dict() if self.grade is not None else None,
            "proposed": self.proposed,
            "proposed_name": RATING_NAMES.get(self.proposed or 0),
        }


def propose_rating(grade: RubricGrade) -> int:
    """Again / Hard / Good / Easy (1-4) from the share of rubric points made."""
    if grade.score < HARD_BELOW:
        rating = 1
    elif grade.score < GOOD_BELOW:
        rating = 2
    elif grade.made < len(grade.points):
        rating = 3
    else:
        rating = 4
    wrong = any(p.reason and "wrong claim" in p.reason for p in grade.points)
    return min(rating, 2) if wrong else rating


def check(card: ReviewCard, answer: str) -> Checked:
    """Grade a typed answer; an empty answer or a card without rubric proposes nothing."""
    if not answer.strip() or not card.points:
        return Checked(None, None)
    # With the question, a sentence that only repeats it earns nothing.
    grade = grade_answer(answer, card.points, question=card.question)
    return Checked(grade, propose_rating(grade))


@dataclass(frozen=True)
class Rated:
    """The outcome of a rating: when the card comes back."""

    key: str
    rating: int
    due: datetime
    interval: timedelta

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "rating": self.rating,
            "rating_name": RATING_NAMES[self.rating],
            "due": self.due.isoformat(),
            "interval_s": self.interval.total_seconds(),
        }


def parse_rating(value: str | int) -> int:
    """A rating from 1-4 or its name (again, hard, good, easy)."""
    text = str(value).strip().lower()
    for number, name in RATING_NAMES.items():
        if text in (str(number), name.lower()):
            return number
    raise InvalidInput(f"rating must be 1-4 or again/hard/good/easy, not {value!r}")


def rate(
    store: Store,
    user_id: int,
    card: ReviewCard,
    rating: int,
    now: datetime,
    *,
    answer: str | None = None,
    checked: Checked | None = None,
    elapsed_ms: int | None = None,
) -> Rated:
    """Schedule the card's next review with FSRS and log the rating."""
    rating = parse_rating(rating)
    if elapsed_ms is not None and elapsed_ms < 0:
        raise InvalidInput("elapsed time must not be negative")
    state = store.card_state(user_id, card.key)
    fsrs_card = FsrsCard.from_dict(state.state) if state else FsrsCard(due=now)  # type: ignore[arg-type]
    limits = store.review_settings(user_id)
    new_card, _log = scheduler(limits.desired_retention).review_card(fsrs_card, Rating(rating), now)
    store.record_review(
        user_id,
        card.key,
        state=dict(new_card.to_dict()),
        due=new_card.due,
        reviewed_at=now,
        rating=rating,
        answer=answer.strip() or None if answer is not None else None,
        score=checked.grade.score if checked and checked.grade else None,
        proposed=checked.proposed if checked else None,
        elapsed_ms=elapsed_ms,
    )
    return Rated(card.key, rating, new_card.due, new_card.due - now)


def note_attempt(
    store: Store, user_id: int, meta: Meta, attempt: AttemptRecord, now: datetime | None = None
) -> str | None:
    """Queue the exercise as a card after a failed or over-budget submission.

    Returns the origin ("failed" or "slow") when queued, None otherwise. Test runs never
    queue anything: failing visible tests is part of solving.
    """
    if attempt.kind != "submit":
        return None
    budget_s = meta.time_minutes * 60
    if attempt.status != "pass":
        origin = "failed"
    elif attempt.time_spent_s is not None and attempt.time_spent_s > budget_s:
        origin = "slow"
    else:
        return None
    now = now or datetime.now(UTC)
    state = dict(FsrsCard(due=now).to_dict())
    store.enqueue_card(user_id, f"{EXERCISE_PREFIX}{meta.slug}", origin, state, now)
    return origin


__all__ = [
    "RATING_NAMES",
    "AreaStats",
    "Cards",
    "Checked",
    "Queue",
    "QueueItem",
    "Rated",
    "Retention",
    "ReviewCard",
    "area_stats",
    "build_queue",
    "check",
    "due_count",
    "exercise_card",
    "forecast",
    "load_cards",
    "next_card",
    "note_attempt",
    "parse_rating",
    "propose_rating",
    "rate",
    "retention",
]
