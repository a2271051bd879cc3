"""Mock loops in the store on SQLite and PostgreSQL: rounds, answers, clock, ownership, plan."""

from __future__ import annotations

import pytest

from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store
from mldrills.store.mocks import RoundPlan

ROUNDS = [
    RoundPlan("ml", "ML depth", "llm", 20.0, (("card", "llm/a"), ("behavioral", "deadline"))),
    RoundPlan("coding", "Coding", None, 35.0, (("exercise", "kmeans"),)),
]


def test_mock_round_trip(store: Store) -> None:
    user = store.create_user("ada", "hash")
    mock = store.create_mock(user.id, "screen", 2**40, ROUNDS)
    assert [r.kind for r in mock.rounds] == ["ml", "coding"] and mock.seed == 2**40
    first, second = mock.rounds
    card, told = first.items
    store.save_mock_answer(user.id, mock.id, card.id, "", "draft")
    store.save_mock_answer(user.id, mock.id, card.id, "", "draft, longer")
    store.save_mock_answer(user.id, mock.id, told.id, "", "a story ünïcode")
    store.run_mock_clock(user.id, mock.id, first.id, True)
    store.run_mock_clock(user.id, mock.id, first.id, True)  # twice: still one interval
    again = store.mock(user.id, mock.id)
    assert again.rounds[0].items[0].answers == {"": "draft, longer"}
    assert again.rounds[0].items[1].answers == {"": "a story ünïcode"}
    assert len(again.rounds[0].intervals) == 1 and again.rounds[0].running
    store.finish_mock_round(user.id, mock.id, first.id, {"score": 0.5})
    done = store.mock(user.id, mock.id)
    assert done.current == 1 and not done.rounds[0].running
    assert done.rounds[0].result == {"score": 0.5}
    with pytest.raises(InvalidInput):
        store.save_mock_answer(user.id, mock.id, card.id, "", "after the round")
    with pytest.raises(InvalidInput):
        store.finish_mock_round(user.id, mock.id, first.id, {})
    store.finish_mock_round(user.id, mock.id, second.id, {"score": 1.0})
    store.finish_mock(user.id, mock.id, {"score": 0.75})
    listed = store.mocks(user.id)
    assert [m.id for m in listed] == [mock.id] and listed[0].report == {"score": 0.75}


def test_other_users_mocks_are_not_found(store: Store) -> None:
    ada = store.create_user("ada", "hash")
    bob = store.create_user("bob", "hash")
    mock = store.create_mock(ada.id, "screen", 1, ROUNDS)
    item = mock.rounds[0].items[0]
    with pytest.raises(NotFound):
        store.mock(bob.id, mock.id)
    with pytest.raises(NotFound):
        store.save_mock_answer(bob.id, mock.id, item.id, "", "x")
    other = store.create_mock(bob.id, "screen", 1, ROUNDS)
    with pytest.raises(NotFound):  # an item of another mock
        store.save_mock_answer(bob.id, other.id, item.id, "", "x")
    with pytest.raises(NotFound):
        store.run_mock_clock(ada.id, mock.id, other.rounds[0].id, True)
    with pytest.raises(NotFound):
        store.mock(ada.id, 2**40)


def test_bad_answers_are_refused(store: Store) -> None:
    user = store.create_user("ada", "hash")
    mock = store.create_mock(user.id, "screen", 1, ROUNDS)
    item = mock.rounds[0].items[0]
    with pytest.raises(InvalidInput):
        store.save_mock_answer(user.id, mock.id, item.id, "", "nul\x00")
    with pytest.raises(InvalidInput):
        store.save_mock_answer(user.id, mock.id, item.id, "", "x" * 50_001)


def test_study_plan_settings(store: Store) -> None:
    user = store.create_user("ada", "hash")
    assert store.study_plan_settings(user.id) is None
    store.set_study_plan(user.id, "2027-01-10", 2.0)
    store.set_study_plan(user.id, "2027-01-12", 1.5)
    assert store.study_plan_settings(user.id) == ("2027-01-12", 1.5)
