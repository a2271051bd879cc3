"""Design sessions in the store on SQLite and PostgreSQL: notes per phase, ownership, finish."""

from __future__ import annotations

import pytest

from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store

PHASES = [{"id": "clarify", "title": "Clarify", "minutes": 5, "guidance": ""}]


def test_notes_are_saved_and_replaced(store: Store) -> None:
    user = store.create_user("ada", "hash")
    s = store.create_design_session(user.id, "product-recommender", PHASES)
    store.save_design_note(user.id, s.id, "clarify", "first")
    store.save_design_note(user.id, s.id, "clarify", "second")
    store.save_design_diagram(user.id, s.id, "a -> b")
    again = store.design_session(user.id, s.id)
    assert again.notes == {"clarify": "second"} and again.diagram == "a -> b"
    assert [r.id for r in store.design_sessions(user.id)] == [s.id]


def test_other_users_sessions_are_not_found(store: Store) -> None:
    ada = store.create_user("ada", "hash")
    bob = store.create_user("bob", "hash")
    s = store.create_design_session(ada.id, "product-recommender", PHASES)
    with pytest.raises(NotFound):
        store.design_session(bob.id, s.id)
    with pytest.raises(NotFound):
        store.save_design_note(bob.id, s.id, "clarify", "x")
    with pytest.raises(NotFound):
        store.design_session(ada.id, 2**40)


def test_limits_phase_and_finish(store: Store) -> None:
    user = store.create_user("ada", "hash")
    s = store.create_design_session(user.id, "product-recommender", PHASES)
    with pytest.raises(InvalidInput):
        store.save_design_note(user.id, s.id, "clarify", "x" * 8001)
    with pytest.raises(InvalidInput, match="NUL"):
        store.save_design_note(user.id, s.id, "clarify", "a\x00b")
    with pytest.raises(InvalidInput):
        store.set_design_phase(user.id, s.id, 1)
    store.finish_design_session(user.id, s.id, {"time": 3})
    first = store.design_session(user.id, s.id).finished_at
    store.finish_design_session(user.id, s.id, None)
    done = store.design_session(user.id, s.id)
    assert done.finished_at == first and done.self_assessment == {"time": 3}
