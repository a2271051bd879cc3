"""The hint ladder, giving up, the solution reveal and the solve marks."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mldrills.content.pack import Exercise, load_exercise
from mldrills.errors import Forbidden, InvalidInput, NotFound
from mldrills.practice import hints
from mldrills.store import Store

ECHO = Path(__file__).resolve().parents[1] / "judge/packs/probe/echo"
EDITORIAL = """---
hints:
  - "Look at what you are given."
  - "Give it back."
  - "No copy is needed."
---
## The idea
Return the input: $f(x) = x$.

## Complexity
$O(1)$.

## Alternatives
None worth the name.
"""


def _result(status: str) -> dict[str, object]:
    return {
        "status": status,
        "checks": [{"status": status, "name": "echoes a number"}],
        "timings": {"total_ms": 1.0},
    }


@pytest.fixture
def exercise(tmp_path: Path) -> Exercise:
    folder = tmp_path / "probe" / "echo"
    shutil.copytree(ECHO, folder)
    (folder / "editorial.md").write_text(EDITORIAL)
    (folder / "mutants").mkdir(exist_ok=True)
    (folder / "mutants" / "zero.py").write_text(
        "# mistake: returns zero\n# caught-by: echoes a number\ndef solve(x):\n    return 0\n"
    )
    return load_exercise(folder)


@pytest.fixture
def user(store: Store) -> int:
    return store.create_user("ada", None).id


def _submit(store: Store, user: int, status: str = "pass") -> None:
    store.record_attempt(
        user, "echo", "submit", "def solve(x): ...", _result(status), time_spent_s=5
    )


def test_ladder_reveals_one_rung_at_a_time(store: Store, exercise: Exercise, user: int) -> None:
    state = hints.help_state(store, exercise, user)
    assert (state.hints_total, state.hints, state.next_rung) == (3, (), 1)
    state = hints.reveal_hint(store, exercise, user)
    assert state.hints == ("Look at what you are given.",) and state.next_rung == 2
    hints.reveal_hint(store, exercise, user)
    state = hints.reveal_hint(store, exercise, user)
    assert len(state.hints) == 3 and state.next_rung is None
    with pytest.raises(InvalidInput, match="all 3 hints"):
        hints.reveal_hint(store, exercise, user)
    assert not state.unlocked, "hints alone never unlock the solution"


def test_solution_is_refused_before_solve_or_give_up(
    store: Store, exercise: Exercise, user: int
) -> None:
    _submit(store, user, "fail")
    with pytest.raises(Forbidden, match="after you solve it or give up"):
        hints.solution(store, exercise, user)


def test_give_up_needs_confirmation_then_reveals(
    store: Store, exercise: Exercise, user: int
) -> None:
    with pytest.raises(InvalidInput, match="needs confirmation"):
        hints.give_up(store, exercise, user, confirmed=False)
    assert store.give_ups(user) == {}
    state = hints.give_up(store, exercise, user, confirmed=True)
    assert state.unlocked and state.gave_up_at is not None and state.mark is None
    shown = hints.solution(store, exercise, user)
    assert shown.reference == (exercise.path / "solution.py").read_text()
    assert shown.editorial is not None and shown.editorial.hints[2] == "No copy is needed."
    data = shown.to_dict()
    assert [m["mistake"] for m in data["mistakes"]] == ["returns zero"]
    assert [s["title"] for s in data["editorial"]["sections"]] == [
        "The idea",
        "Complexity",
        "Alternatives",
    ]
    _submit(store, user)
    assert hints.help_state(store, exercise, user).mark == "gave-up"


def test_clean_solve_and_hint_after_it(store: Store, exercise: Exercise, user: int) -> None:
    _submit(store, user)
    state = hints.help_state(store, exercise, user)
    assert state.mark == "clean" and state.unlocked
    hints.reveal_hint(store, exercise, user)  # after the solve: costs nothing
    assert hints.help_state(store, exercise, user).mark == "clean"
    hints.give_up(store, exercise, user, confirmed=True)  # nothing to give up: not recorded
    assert store.give_ups(user) == {}
    assert hints.solution(store, exercise, user).to_dict()["mark_text"] == "solved without hints"


def test_hint_before_solve_costs_the_mark(store: Store, exercise: Exercise, user: int) -> None:
    hints.reveal_hint(store, exercise, user)
    _submit(store, user)
    assert hints.help_state(store, exercise, user).mark == "hints"
    stats = store.stats(user)
    assert hints.solve_marks(store, user, stats) == {"echo": "hints"}


def test_no_editorial_means_no_hints_but_the_reference_still_shows(
    store: Store, exercise: Exercise, user: int
) -> None:
    (exercise.path / "editorial.md").unlink()
    with pytest.raises(NotFound, match="no hints yet"):
        hints.reveal_hint(store, exercise, user)
    hints.give_up(store, exercise, user, confirmed=True)
    shown = hints.solution(store, exercise, user).to_dict()
    assert shown["editorial"] is None and "def solve" in shown["reference"]


def test_solve_mark_order() -> None:
    t = datetime(2026, 12, 4, tzinfo=UTC)
    later = t + timedelta(minutes=1)
    assert hints.solve_mark(None, t, t) is None
    assert hints.solve_mark(later, None, None) == "clean"
    assert hints.solve_mark(later, t, None) == "hints"
    assert hints.solve_mark(later, t, t) == "gave-up"
    assert hints.solve_mark(t, later, later) == "clean"
