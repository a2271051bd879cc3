"""Spaced repetition: the daily queue, FSRS scheduling, proposals, exercise cards, stats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mldrills.content.decks import CardIndex
from mldrills.content.pack import Limits, Meta
from mldrills.errors import InvalidInput, NotFound
from mldrills.feedback import PointResult, RubricGrade
from mldrills.practice import review
from mldrills.store import AttemptRecord, Store

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def user(store: Store) -> int:
    return store.create_user("ada", None).id


@pytest.fixture
def cards(index: CardIndex) -> review.Cards:
    return review.Cards(index, {"two-sum": meta("two-sum")})


def meta(slug: str, minutes: int = 20) -> Meta:
    return Meta(
        slug=slug,
        area="coding",
        title="Two sum",
        topic=9,
        difficulty="easy",
        time_minutes=minutes,
        tags=(),
        needs_torch=False,
        entrypoints=("two_sum",),
        limits=Limits(),
    )


def attempt(status: str, spent: float | None, kind: str = "submit") -> AttemptRecord:
    return AttemptRecord(
        id=1,
        user_id=1,
        slug="two-sum",
        hidden=kind == "submit",
        state="done",
        status=status,
        passed_checks=0,
        total_checks=1,
        judge_ms=1.0,
        time_spent_s=spent,
        created_at=NOW,
        code="",
        verdict={},
    )


def grade(*made: bool, wrong: bool = False) -> RubricGrade:
    points = tuple(
        PointResult(f"p{i}", m, float(m), None, "states a common wrong claim: x" if wrong else None)
        for i, m in enumerate(made)
    )
    return RubricGrade(points, sum(made) / len(made))


# The queue


def test_new_cards_come_in_syllabus_then_deck_order(
    store: Store, user: int, cards: review.Cards
) -> None:
    queue = review.build_queue(store, user, cards, NOW)
    assert [item.card.key for item in queue.items] == [
        "transformers/layernorm-vs-batchnorm",
        "transformers/attention-scaling",
        "transformers/causal-mask",
        "linear/logistic-loss",
    ]
    assert {item.kind for item in queue.items} == {"new"}


def test_daily_new_limit_counts_what_was_learned_today(
    store: Store, user: int, cards: review.Cards
) -> None:
    store.save_review_settings(user, new_per_day=2, reviews_per_day=50, desired_retention=0.9)
    first = review.build_queue(store, user, cards, NOW)
    assert len(first.items) == 2
    review.rate(store, user, first.items[0].card, 3, NOW)
    later = review.build_queue(store, user, cards, NOW + timedelta(minutes=1))
    assert later.new_left == 1
    assert [i.card.key for i in later.items if i.kind == "new"] == [
        "transformers/attention-scaling"
    ]
    tomorrow = review.build_queue(store, user, cards, NOW + timedelta(days=1))
    assert tomorrow.new_left == 2


def test_area_filter_and_unknown_area(store: Store, user: int, cards: review.Cards) -> None:
    queue = review.build_queue(store, user, cards, NOW, area="linear")
    assert [i.card.key for i in queue.items] == ["linear/logistic-loss"]
    with pytest.raises(NotFound, match="no deck for area 'nope'"):
        review.build_queue(store, user, cards, NOW, area="nope")


def test_again_brings_the_card_back_within_minutes(
    store: Store, user: int, cards: review.Cards
) -> None:
    card = review.next_card(store, user, cards, NOW)
    assert card is not None
    rated = review.rate(store, user, card.card, 1, NOW)
    assert timedelta(0) < rated.interval <= timedelta(minutes=10)
    soon = review.build_queue(store, user, cards, NOW + rated.interval)
    assert soon.items[0].card.key == card.card.key and soon.items[0].kind == "due"


def test_good_twice_schedules_days_ahead_and_easy_further(
    store: Store, user: int, cards: review.Cards
) -> None:
    a, b = cards.get("transformers/layernorm-vs-batchnorm"), cards.get("linear/logistic-loss")
    assert a is not None and b is not None
    good = review.rate(store, user, a, 3, NOW)
    easy = review.rate(store, user, b, 4, NOW)
    assert easy.interval > good.interval
    assert easy.interval >= timedelta(days=1)
    again = review.rate(store, user, a, 3, good.due)
    assert again.interval >= timedelta(days=1)
    state = store.card_state(user, a.key)
    assert state is not None and state.reviews == 2 and state.due == again.due


def test_daily_review_limit_caps_due_cards(store: Store, user: int, cards: review.Cards) -> None:
    for key in ("transformers/layernorm-vs-batchnorm", "linear/logistic-loss"):
        card = cards.get(key)
        assert card is not None
        review.rate(store, user, card, 1, NOW)
    store.save_review_settings(user, new_per_day=0, reviews_per_day=1, desired_retention=0.9)
    queue = review.build_queue(store, user, cards, NOW + timedelta(hours=1))
    assert queue.due_total == 2
    assert len(queue.items) == 1


def test_ratings_by_name_and_bad_ratings(store: Store, user: int, cards: review.Cards) -> None:
    assert review.parse_rating("Good") == 3
    assert review.parse_rating(" 4 ") == 4
    card = cards.get("linear/logistic-loss")
    assert card is not None
    with pytest.raises(InvalidInput, match="rating must be 1-4"):
        review.rate(store, user, card, 5, NOW)
    assert store.review_logs(user) == []


# Grading and proposals


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        ((False, False), 1),
        ((True, False, False), 2),
        ((True, False), 2),
        ((True, True, False), 3),
        ((True, True, True, False), 3),
        ((True, True), 4),
    ],
)
def test_proposal_thresholds(made: tuple[bool, ...], expected: int) -> None:
    assert review.propose_rating(grade(*made)) == expected


def test_a_wrong_claim_caps_the_proposal_at_hard() -> None:
    assert review.propose_rating(grade(True, True, wrong=True)) == 2


def test_check_grades_against_the_rubric(cards: review.Cards) -> None:
    card = cards.get("transformers/layernorm-vs-batchnorm")
    assert card is not None
    good = review.check(
        card,
        "LayerNorm normalises each token over its features. "
        "It does not depend on the batch, so batch size 1 works.",
    )
    assert good.grade is not None and good.grade.made == 2 and good.proposed == 4
    assert good.grade.points[0].evidence == "LayerNorm normalises each token over its features."
    poor = review.check(card, "It makes training faster.")
    assert poor.grade is not None and poor.grade.made == 0 and poor.proposed == 1
    assert review.check(card, "   ").proposed is None


def test_rating_logs_answer_score_and_proposal(
    store: Store, user: int, cards: review.Cards
) -> None:
    card = cards.get("linear/logistic-loss")
    assert card is not None
    checked = review.check(card, "It minimises the cross-entropy.")
    review.rate(
        store,
        user,
        card,
        2,
        NOW,
        answer="It minimises the cross-entropy.",
        checked=checked,
        elapsed_ms=4200,
    )
    (log,) = store.review_logs(user)
    assert (log.rating, log.proposed, log.score, log.elapsed_ms) == (2, 2, 0.5, 4200)
    assert log.answer == "It minimises the cross-entropy." and not log.seen_before


# Exercise cards


@pytest.mark.parametrize(
    ("status", "spent", "kind", "origin"),
    [
        ("fail", 60.0, "submit", "failed"),
        ("error", None, "submit", "failed"),
        ("pass", 21 * 60.0, "submit", "slow"),
        ("pass", 19 * 60.0, "submit", None),
        ("pass", None, "submit", None),
        ("fail", 60.0, "test", None),
    ],
)
def test_failed_or_slow_submissions_enter_the_queue(
    store: Store,
    user: int,
    cards: review.Cards,
    status: str,
    spent: float | None,
    kind: str,
    origin: str | None,
) -> None:
    queued = review.note_attempt(store, user, meta("two-sum"), attempt(status, spent, kind), NOW)
    assert queued == origin
    store.save_review_settings(user, new_per_day=0, reviews_per_day=10, desired_retention=0.9)
    items = review.build_queue(store, user, cards, NOW).items
    if origin is None:
        assert items == []
    else:
        (item,) = items
        assert item.card.key == "exercise:two-sum" and item.card.area == "coding"
        assert item.card.origin == origin and "Two sum" in item.card.question
        assert review.check(item.card, "use a hash map").proposed is None


def test_failing_again_brings_a_scheduled_exercise_forward(
    store: Store, user: int, cards: review.Cards
) -> None:
    review.note_attempt(store, user, meta("two-sum"), attempt("fail", 5.0), NOW)
    card = cards.get("exercise:two-sum", "failed")
    assert card is not None
    rated = review.rate(store, user, card, 4, NOW)
    later = NOW + timedelta(hours=2)
    assert rated.due > later
    review.note_attempt(store, user, meta("two-sum"), attempt("fail", 5.0), later)
    state = store.card_state(user, "exercise:two-sum")
    assert state is not None and state.due == later and state.reviews == 1


def test_cards_of_a_deleted_exercise_are_skipped(store: Store, user: int, index: CardIndex) -> None:
    review.note_attempt(store, user, meta("gone"), attempt("fail", 5.0), NOW)
    store.save_review_settings(user, new_per_day=0, reviews_per_day=10, desired_retention=0.9)
    assert review.build_queue(store, user, review.Cards(index), NOW).items == []


# Statistics


def test_forecast_counts_due_days_with_overdue_today(
    store: Store, user: int, cards: review.Cards
) -> None:
    a = cards.get("transformers/layernorm-vs-batchnorm")
    b = cards.get("linear/logistic-loss")
    assert a is not None and b is not None
    review.rate(store, user, a, 1, NOW - timedelta(days=5))  # a 1-minute step: overdue now
    review.rate(store, user, b, 1, NOW)  # due in a minute: today
    c = "transformers/causal-mask"
    store.record_review(user, c, state={}, due=NOW + timedelta(days=3), reviewed_at=NOW, rating=3)
    far = "transformers/attention-scaling"
    store.record_review(
        user, far, state={}, due=NOW + timedelta(days=14), reviewed_at=NOW, rating=4
    )
    days = review.forecast(store, user, NOW)
    assert [d for d, _ in days] == [NOW.date() + timedelta(days=i) for i in range(14)]
    assert [n for _, n in days] == [2, 0, 0, 1] + [0] * 10  # day 14 is past the window
    assert review.due_count(store, user, NOW) == 1
    assert review.due_count(store, user, NOW + timedelta(minutes=2)) == 2


def test_retention_counts_only_cards_seen_before(
    store: Store, user: int, cards: review.Cards
) -> None:
    a = cards.get("transformers/layernorm-vs-batchnorm")
    assert a is not None
    assert review.retention(store, user, NOW).rate is None
    review.rate(store, user, a, 1, NOW - timedelta(days=40))  # first sight, out of window
    review.rate(store, user, a, 3, NOW - timedelta(days=3))
    review.rate(store, user, a, 1, NOW - timedelta(days=2))
    review.rate(store, user, a, 4, NOW - timedelta(days=1))
    kept = review.retention(store, user, NOW)
    assert (kept.reviews, kept.recalled) == (3, 2)
    assert kept.rate == pytest.approx(2 / 3)


def test_area_stats(store: Store, user: int, index: CardIndex, cards: review.Cards) -> None:
    a = cards.get("transformers/layernorm-vs-batchnorm")
    assert a is not None
    review.rate(store, user, a, 3, NOW - timedelta(days=200))
    # A long interval made by hand: mature cards have intervals of three weeks or more.
    store.record_review(
        user,
        a.key,
        state={},
        due=NOW + timedelta(days=30),
        reviewed_at=NOW - timedelta(days=1),
        rating=4,
    )
    review.note_attempt(store, user, meta("two-sum"), attempt("fail", 1.0), NOW)
    stats = review.area_stats(store, user, NOW, index)
    assert list(stats) == ["transformers", "linear"]
    t = stats["transformers"]
    assert (t.cards, t.seen, t.due, t.mature, t.reviews, t.retention) == (3, 1, 0, 1, 1, 1.0)
    assert stats["linear"].seen == 0 and stats["linear"].retention is None
