"""Hints revealed and give-ups in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store


def test_hints_keep_their_first_time_and_order(store: Store) -> None:
    user = store.create_user("ada", None).id
    assert store.help_taken(user, "kmeans").hints == 0
    first = store.reveal_hint(user, "kmeans", 1)
    second = store.reveal_hint(user, "kmeans", 2)
    assert store.reveal_hint(user, "kmeans", 1) == first  # revealing again changes nothing
    taken = store.help_taken(user, "kmeans")
    assert taken.hint_times == (first, second) and taken.hints == 2
    assert taken.gave_up_at is None and taken.first_help_at == first
    assert store.help_taken(user, "lru-cache").hints == 0


def test_give_up_is_recorded_once(store: Store) -> None:
    user = store.create_user("ada", None).id
    when = store.record_give_up(user, "kmeans")
    assert store.record_give_up(user, "kmeans") == when
    assert store.help_taken(user, "kmeans").gave_up_at == when
    assert store.give_ups(user) == {"kmeans": when}


def test_first_help_per_slug_and_per_user(store: Store) -> None:
    ada = store.create_user("ada", None).id
    bob = store.create_user("bob", None).id
    hint = store.reveal_hint(ada, "kmeans", 1)
    store.record_give_up(ada, "kmeans")
    gave_up = store.record_give_up(ada, "lru-cache")
    assert store.first_help(ada) == {"kmeans": hint, "lru-cache": gave_up}
    assert store.first_help(bob) == {} and store.give_ups(bob) == {}


def test_bad_rung_slug_and_user(store: Store) -> None:
    user = store.create_user("ada", None).id
    with pytest.raises(InvalidInput, match="between 1 and"):
        store.reveal_hint(user, "kmeans", 0)
    with pytest.raises(InvalidInput, match="slug"):
        store.record_give_up(user, "")
    with pytest.raises(NotFound, match="no user"):
        store.reveal_hint(user + 99, "kmeans", 1)
    with pytest.raises(NotFound, match="no user"):
        store.record_give_up(user + 99, "kmeans")
