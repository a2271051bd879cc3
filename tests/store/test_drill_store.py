"""Drill attempts in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store
from mldrills.store.drill_attempts import area_stats


def add(store: Store, user_id: int, slug: str, area: str, verdict: str, **extra: object) -> None:
    store.record_drill_attempt(
        user_id,
        slug=slug,
        area=area,
        seed=extra.pop("seed", 1),  # type: ignore[arg-type]
        params={"layers": 32, "lengths": [1, 2, 3], "p": 0.25},
        answer="1.5 GiB",
        value=1.5 * 2**30,
        verdict=verdict,
        **extra,  # type: ignore[arg-type]
    )


def test_record_and_read_back(store: Store) -> None:
    user = store.create_user("ada", None)
    attempt = store.record_drill_attempt(
        user.id,
        slug="kv-cache-bytes",
        area="transformers",
        seed=999_999_999,
        params={"layers": 32, "lengths": [1, 2, 3], "p": 0.25},
        answer="128 GB",
        value=128e9,
        verdict="mistake",
        mistake="unit",
        time_spent_s=42.0,
    )
    [back] = store.drill_attempts(user.id)
    assert back == attempt
    assert back.params == {"layers": 32, "lengths": [1, 2, 3], "p": 0.25}
    assert back.seed == 999_999_999 and back.mistake == "unit" and back.time_spent_s == 42.0
    assert back.created_at.tzinfo is not None
    assert back.to_dict()["verdict"] == "mistake"


def test_newest_first_and_per_slug(store: Store) -> None:
    user = store.create_user("ada", None)
    add(store, user.id, "kv-cache-bytes", "transformers", "wrong", seed=1)
    add(store, user.id, "pipeline-bubble", "distributed", "correct", seed=2)
    add(store, user.id, "kv-cache-bytes", "transformers", "correct", seed=3)
    assert [a.seed for a in store.drill_attempts(user.id)] == [3, 2, 1]
    assert [a.seed for a in store.drill_attempts(user.id, slug="kv-cache-bytes")] == [3, 1]
    assert len(store.drill_attempts(user.id, limit=1)) == 1


def test_area_stats(store: Store) -> None:
    ada, bob = store.create_user("ada", None), store.create_user("bob", None)
    add(store, ada.id, "kv-cache-bytes", "transformers", "wrong")
    add(store, ada.id, "kv-cache-bytes", "transformers", "correct")
    add(store, ada.id, "gpt-param-count", "transformers", "correct")
    add(store, ada.id, "moe-capacity", "transformers", "mistake")
    add(store, ada.id, "pipeline-bubble", "distributed", "close")
    add(store, bob.id, "pipeline-bubble", "distributed", "correct")
    stats = area_stats(store, ada.id)
    assert stats["transformers"] == {
        "attempts": 4,
        "drills_tried": 3,
        "correct": 2,
        "correct_share": 0.5,
    }
    assert stats["distributed"]["correct"] == 0 and stats["distributed"]["correct_share"] == 0
    assert set(stats) == {"transformers", "distributed"}
    assert area_stats(store, bob.id)["distributed"]["correct_share"] == 1.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"verdict": "maybe"}, "verdict"),
        ({"answer": "1" * 201}, "at most 200"),
        ({"value": float("nan")}, "finite"),
        ({"time_spent_s": -1.0}, "negative"),
        ({"slug": ""}, "slug"),
    ],
)
def test_bad_attempts_are_refused(store: Store, change: dict[str, object], message: str) -> None:
    user = store.create_user("ada", None)
    fields: dict[str, object] = {
        "slug": "kv-cache-bytes",
        "area": "transformers",
        "seed": 1,
        "params": {},
        "answer": "1",
        "value": 1.0,
        "verdict": "correct",
    }
    fields.update(change)
    with pytest.raises(InvalidInput, match=message):
        store.record_drill_attempt(user.id, **fields)  # type: ignore[arg-type]


def test_unknown_user(store: Store) -> None:
    with pytest.raises(NotFound):
        add(store, 12345, "kv-cache-bytes", "transformers", "correct")


def test_attempts_go_with_the_user(store: Store) -> None:
    user = store.create_user("ada", None)
    add(store, user.id, "kv-cache-bytes", "transformers", "correct")
    with store.engine.begin() as conn:
        conn.exec_driver_sql(f"DELETE FROM users WHERE id = {user.id}")
    assert store.drill_attempts(user.id) == []


def test_slug_stats(store: Store) -> None:
    ada = store.create_user("ada", None)
    add(store, ada.id, "kv-cache-bytes", "transformers", "wrong")
    add(store, ada.id, "kv-cache-bytes", "transformers", "correct")
    add(store, ada.id, "pipeline-bubble", "distributed", "mistake")
    assert store.drill_slug_stats(ada.id) == {"kv-cache-bytes": (2, 1), "pipeline-bubble": (1, 0)}
