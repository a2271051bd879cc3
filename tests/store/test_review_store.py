"""Card review tables on SQLite and PostgreSQL: migration 0003 and the review mixin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect

from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store
from mldrills.store.db import alembic_config
from mldrills.store.reviews import DEFAULT_SETTINGS

REVIEW_TABLES = {"card_states", "review_logs", "review_settings"}


def test_upgrade_from_0002_keeps_existing_data(db_url: str) -> None:
    with Store(db_url) as store:
        with store.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "0002")
        assert not REVIEW_TABLES & set(inspect(store.engine).get_table_names())
        user = store.create_user("ada", "hash")
        store.save_draft(user.id, "two-sum", "print(1)")
        store.migrate()
        assert set(inspect(store.engine).get_table_names()) >= REVIEW_TABLES
        assert store.get_user(user.id) == user
        draft = store.draft(user.id, "two-sum")
        assert draft is not None and draft.code == "print(1)"


def test_downgrade_to_0002_drops_only_review_tables(store: Store) -> None:
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0002")
    tables = set(inspect(store.engine).get_table_names())
    assert not REVIEW_TABLES & tables
    assert {"users", "attempts", "submissions"} <= tables


NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_record_review_keeps_state_and_logs(store: Store) -> None:
    ada = store.create_user("ada", None).id
    bob = store.create_user("bob", None).id
    due = NOW + timedelta(days=2)
    first = store.record_review(
        ada,
        "llm/kv",
        state={"stability": 2.3},
        due=due,
        reviewed_at=NOW,
        rating=3,
        answer="cache keys",
        score=0.5,
        proposed=2,
        elapsed_ms=900,
    )
    assert not first.seen_before and first.answer == "cache keys"
    second = store.record_review(ada, "llm/kv", state={"s": 1}, due=due, reviewed_at=due, rating=1)
    assert second.seen_before
    state = store.card_state(ada, "llm/kv")
    assert state is not None and state.reviews == 2 and state.state == {"s": 1}
    assert state.last_review == due and state.due == due
    assert [log.rating for log in store.review_logs(ada)] == [3, 1]
    assert store.reviews_since(ada, NOW) == (1, 1)
    assert store.reviews_since(ada, NOW + timedelta(days=1)) == (0, 1)
    assert store.review_logs(bob) == [] and store.card_state(bob, "llm/kv") is None


def test_enqueue_only_brings_a_card_forward(store: Store) -> None:
    ada = store.create_user("ada", None).id
    later, sooner = NOW + timedelta(days=5), NOW + timedelta(days=1)
    store.enqueue_card(ada, "exercise:two-sum", "failed", {"due": later.isoformat()}, later)
    store.enqueue_card(ada, "exercise:two-sum", "slow", {}, NOW + timedelta(days=9))
    row = store.enqueue_card(ada, "exercise:two-sum", "failed", {}, sooner)
    assert row.due == sooner and row.state["due"] == sooner.isoformat()
    assert [s.card_id for s in store.card_states(ada)] == ["exercise:two-sum"]
    with pytest.raises(InvalidInput, match="origin"):
        store.enqueue_card(ada, "exercise:x", "bored", {}, NOW)
    with pytest.raises(NotFound):
        store.enqueue_card(9999, "exercise:x", "failed", {}, NOW)


def test_review_settings_default_then_saved(store: Store) -> None:
    ada = store.create_user("ada", None).id
    assert store.review_settings(ada) == DEFAULT_SETTINGS
    saved = store.save_review_settings(
        ada, new_per_day=5, reviews_per_day=40, desired_retention=0.85
    )
    assert store.review_settings(ada) == saved
    store.save_review_settings(ada, new_per_day=0, reviews_per_day=0, desired_retention=0.95)
    assert store.review_settings(ada).desired_retention == 0.95
    for bad in ({"new_per_day": -1}, {"reviews_per_day": 10**6}, {"desired_retention": 0.5}):
        values = {"new_per_day": 5, "reviews_per_day": 40, "desired_retention": 0.9, **bad}
        with pytest.raises(InvalidInput):
            store.save_review_settings(ada, **values)  # type: ignore[arg-type]


def test_bad_ratings_and_ids_are_refused(store: Store) -> None:
    ada = store.create_user("ada", None).id
    with pytest.raises(InvalidInput, match="rating"):
        store.record_review(ada, "llm/kv", state={}, due=NOW, reviewed_at=NOW, rating=0)
    with pytest.raises(InvalidInput, match="card id"):
        store.record_review(ada, "x" * 201, state={}, due=NOW, reviewed_at=NOW, rating=3)
    assert store.review_logs(ada) == []


def test_constraint_failures_say_why(store: Store) -> None:
    ada = store.create_user("ada", None).id
    with pytest.raises(NotFound, match="no user with id 9999"):
        store.record_review(9999, "llm/kv", state={}, due=NOW, reviewed_at=NOW, rating=3)
    # Two windows saving the same new card at once: the loser is told, not misled.
    clash = store._refused(ada, "llm/kv")
    assert isinstance(clash, InvalidInput) and "at the same moment" in clash.message
    assert store.card_states(9999) == [] and store.review_logs(ada) == []
