"""Typing a design session in the terminal: each line is stored as soon as it is read."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from mldrills import cli_design
from mldrills.practice import design
from mldrills.store import Store

ROOT = Path(__file__).resolve().parents[2]


class Spy(io.StringIO):
    """Stdin that checks, before giving each line, what the store already holds."""

    def __init__(self, text: str, store: Store, user_id: int, session_id: int) -> None:
        super().__init__(text)
        self.store, self.user_id, self.session_id = store, user_id, session_id
        self.seen: list[dict[str, str]] = []

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.seen.append(dict(self.store.design_session(self.user_id, self.session_id).notes))
        return super().readline()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    (tmp_path / "packs" / "prompts").mkdir(parents=True)
    shutil.copy(
        ROOT / "packs" / "prompts" / "product-recommender.toml", tmp_path / "packs" / "prompts"
    )
    monkeypatch.setenv("MLDRILLS_PACKS_DIR", str(tmp_path / "packs"))
    s = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    s.migrate()
    return s


def test_each_typed_line_is_saved_before_the_next_is_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = store.local_user()
    record = design.start(store, user.id, "product-recommender")
    typed = "first line\nsecond line\n.\n.\n.\n.\nclient -> api\n.\n"
    spy = Spy(typed, store, user.id, record.id)
    monkeypatch.setattr("sys.stdin", spy)
    done = cli_design._practise(store, user.id, record, editor=False)
    assert spy.seen[1] == {"clarify": "first line"}  # stored before line 2 was read
    assert spy.seen[2] == {"clarify": "first line\nsecond line"}
    assert done.notes == {"clarify": "first line\nsecond line"}
    assert done.diagram == "client -> api" and done.phase == 3
