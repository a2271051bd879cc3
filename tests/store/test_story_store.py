"""The behavioral story bank in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store
from mldrills.store.stories import Metric

COST = Metric("GPU spend", 42_000, 27_500, "USD per month", "over one quarter")


def test_create_read_update_delete(store: Store) -> None:
    ada = store.create_user("ada", None)
    made = store.create_story(
        ada.id, "  Cut GPU spend  ", "I profiled the job.", ["frugality", "ownership"], [COST]
    )
    assert made.title == "Cut GPU spend"
    back = store.story(ada.id, made.id)
    assert back.metrics == (COST,)
    assert back.principles == ("frugality", "ownership")
    edited = store.update_story(
        ada.id, made.id, "Cut spend", "We profiled.", ["dive-deep", "dive-deep"], []
    )
    assert edited.principles == ("dive-deep",)  # repeats dropped
    assert edited.metrics == ()
    assert edited.updated_at >= made.updated_at
    assert [s.title for s in store.stories(ada.id)] == ["Cut spend"]
    store.delete_story(ada.id, made.id)
    assert store.stories(ada.id) == []
    with pytest.raises(NotFound):
        store.story(ada.id, made.id)


def test_other_users_stories_are_invisible(store: Store) -> None:
    ada = store.create_user("ada", None)
    bob = store.create_user("bob", None)
    story = store.create_story(ada.id, "Mine", "text", [], [])
    assert store.stories(bob.id) == []
    for call in (
        lambda: store.story(bob.id, story.id),
        lambda: store.delete_story(bob.id, story.id),
        lambda: store.update_story(bob.id, story.id, "x", "y", [], []),
        lambda: store.story(ada.id, 2**40),
    ):
        with pytest.raises(NotFound):
            call()
    assert store.story(ada.id, story.id).title == "Mine"


def test_limits_are_clear_errors(store: Store) -> None:
    ada = store.create_user("ada", None)
    with pytest.raises(InvalidInput, match="title"):
        store.create_story(ada.id, "   ", "text", [], [])
    with pytest.raises(InvalidInput, match="at most 20000"):
        store.create_story(ada.id, "t", "x" * 20_001, [], [])
    with pytest.raises(NotFound):
        store.create_story(999, "t", "x", [], [])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"baseline": 1}, "needs a name"),
        ({"name": "x", "baseline": "ten"}, "baseline must be a number"),
        ({"name": "x", "after": float("nan")}, "finite"),
        ({"name": "x", "colour": "red"}, "unknown fields"),
        ("x", "must be an object"),
    ],
)
def test_bad_metrics(raw: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        Metric.parse(raw, 1)


def test_metric_parse_accepts_blanks() -> None:
    metric = Metric.parse({"name": " p95 ", "baseline": "", "after": 120, "unit": "ms"}, 1)
    assert metric == Metric("p95", None, 120.0, "ms", "")
