"""The exercise list both faces show: filters by area, difficulty and status, and sorting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mldrills.content.pack import Limits, Meta
from mldrills.errors import InvalidInput, NotFound
from mldrills.practice import review
from mldrills.practice.exercise_list import (
    ListQuery,
    build_list,
    due_exercises,
    exercise_list,
    make_query,
)
from mldrills.store import Store

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def meta(slug: str, topic: int, difficulty: str, title: str, minutes: int = 20) -> Meta:
    return Meta(
        slug=slug,
        area="coding",
        title=title,
        topic=topic,
        difficulty=difficulty,
        time_minutes=minutes,
        tags=("tag",),
        needs_torch=False,
        entrypoints=("f",),
        limits=Limits(),
        summary=f"summary of {slug}",
    )


METAS = [
    meta("kv", 1, "hard", "KV cache", 40),
    meta("attn", 1, "easy", "Attention", 15),
    meta("lora", 2, "medium", "LoRA", 25),
    meta("merge", 9, "easy", "Merge intervals", 10),
]


def result(status: str) -> dict[str, object]:
    return {
        "status": status,
        "checks": [{"name": "a", "status": status}],
        "timings": {"total_ms": 1},
    }


def slugs(rows: list[dict[str, object]]) -> list[object]:
    return [r["slug"] for r in rows]


def test_default_order_is_area_then_difficulty_then_title() -> None:
    rows = build_list(METAS, {}, set(), ListQuery())
    assert slugs(rows) == ["attn", "kv", "lora", "merge"]
    assert all(r["status"] == "new" and r["last_attempt_at"] is None for r in rows)
    assert rows[0]["syllabus_area"] == "transformers" and rows[-1]["syllabus_area"] == "coding"


@pytest.mark.parametrize(
    ("area", "expected"),
    [("transformers", ["attn", "kv"]), ("2", ["lora"]), ("LLM", ["lora"]), ("coding", ["merge"])],
)
def test_area_is_a_syllabus_slug_or_number(area: str, expected: list[str]) -> None:
    query = make_query(area=area, folders=["coding"])
    assert slugs(build_list(METAS, {}, set(), query)) == expected


def test_a_pack_folder_still_works_as_an_area() -> None:
    query = make_query(area="pytorch", folders=["pytorch", "coding"])
    assert query.folder == "pytorch" and query.topic is None
    assert build_list(METAS, {}, set(), query) == []  # every fixture lives in coding/


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("area", "nope", NotFound),
        ("area", "11", NotFound),
        ("difficulty", "insane", InvalidInput),
        ("status", "done", InvalidInput),
        ("sort", "-colour", InvalidInput),
        ("torch", "maybe", InvalidInput),
    ],
)
def test_bad_filters_are_the_users_mistake(field: str, value: str, error: type[Exception]) -> None:
    with pytest.raises(error, match=repr(value)):
        make_query(**{field: value})


def test_status_filters_and_progress_columns(store: Store) -> None:
    user = store.local_user().id
    store.record_attempt(user, "kv", "test", "x", result("fail"), time_spent_s=5)
    store.record_attempt(user, "lora", "submit", "x", result("fail"), time_spent_s=9)
    store.record_attempt(user, "lora", "submit", "x", result("pass"), time_spent_s=60)

    def listed(status: str) -> list[object]:
        return slugs(exercise_list(store, user, METAS, make_query(status=status)))

    assert listed("new") == ["attn", "merge"]
    assert listed("attempted") == ["kv"]
    assert listed("solved") == ["lora"]
    [lora] = exercise_list(store, user, METAS, make_query(area="llm"))
    assert lora["attempts"] == 2 and lora["passes"] == 1 and lora["best_time_s"] == 60
    assert lora["solved_at"] is not None and lora["last_attempt_at"] >= lora["solved_at"]


def test_due_for_review_follows_the_review_queue(store: Store) -> None:
    user = store.local_user().id
    attempt = store.record_attempt(user, "kv", "submit", "x", result("fail"), time_spent_s=5)
    assert review.note_attempt(store, user, METAS[0], attempt, now=NOW) == "failed"
    assert due_exercises(store, user, NOW) == {"kv"}
    assert due_exercises(store, user, NOW - timedelta(minutes=1)) == set()  # not due yet then
    rows = exercise_list(store, user, METAS, make_query(status="due"), now=NOW)
    assert slugs(rows) == ["kv"] and rows[0]["due"] and rows[0]["status"] == "attempted"
    later = exercise_list(store, user, METAS, make_query(), now=NOW - timedelta(days=1))
    assert not any(r["due"] for r in later)


def test_sorting_keeps_rows_without_a_value_last_both_ways(store: Store) -> None:
    user = store.local_user().id
    store.record_attempt(user, "merge", "test", "x", result("fail"), time_spent_s=1)
    store.record_attempt(user, "attn", "test", "x", result("fail"), time_spent_s=1)

    def order(sort: str) -> list[object]:
        return slugs(exercise_list(store, user, METAS, make_query(sort=sort)))

    assert order("-last") == ["attn", "merge", "kv", "lora"]  # newest first, never-run last
    assert order("last") == ["merge", "attn", "kv", "lora"]
    assert order("title") == ["attn", "kv", "lora", "merge"]
    assert order("-time") == ["kv", "lora", "attn", "merge"]
    assert order("difficulty") == ["attn", "merge", "lora", "kv"]  # ties: the default order
    assert order("-difficulty")[0] == "kv"
