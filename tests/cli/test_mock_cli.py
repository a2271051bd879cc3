"""``mldrills mock`` and ``mldrills plan`` end to end: answers on stdin, quit, resume, report."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mldrills import cli_mocks
from mldrills.practice import mocks
from mldrills.store import Store

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def env(tmp_path: Path, runtime_dir: Path) -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        MLDRILLS_PACKS_DIR=str(ROOT / "packs"),
        MLDRILLS_DATA_DIR=str(tmp_path / "data"),
        MLDRILLS_RUNTIME_DIR=str(runtime_dir),
        MLDRILLS_JUDGE_DAEMON="off",
        MLDRILLS_GRADER="lexical",
        COLUMNS="200",
    )
    e.pop("MLDRILLS_DATABASE_URL", None)
    return e


@pytest.mark.slow  # a real judge grades the coding round
def test_quit_resume_and_report(env: dict[str, str]) -> None:
    r = run(["mock", "screen", "--seed", "5", "--minutes", "ml=1"], env, "typed first\n.\n:quit\n")
    assert r.returncode == 0, r.stderr
    assert "Stopped; everything typed is saved" in r.stdout
    listed = json.loads(run(["mock", "list", "--json"], env).stdout)
    assert listed[0]["state"] == "round 1 of 2"
    early = run(["mock", "report", str(listed[0]["id"])], env)
    assert early.returncode != 0 and "not finished" in early.stderr
    # Keep the saved answer, skip the rest, hand in the starter code as it is.
    r = run(["mock", "resume"], env, ".\n" * 4 + "\n" + ".\n")
    assert r.returncode == 0, r.stderr + r.stdout
    assert "already typed, 1 line(s)" in r.stdout and "Weak areas" in r.stdout
    report = json.loads(run(["mock", "report", str(listed[0]["id"]), "--json"], env).stdout)
    coding = report["rounds"][1]
    assert coding["title"] == "Coding" and coding["score"] < 1  # the starter fails for real
    assert report["rounds"][0]["minutes"] == 1
    assert report["next"]
    again = run(["mock", "resume"], env)
    assert again.returncode != 0 and "no unfinished mock" in again.stderr


def test_bad_input_is_one_line(env: dict[str, str]) -> None:
    r = run(["mock", "screen", "--minutes", "chat=3"], env)
    assert r.returncode != 0 and "kind=minutes" in r.stderr and "Traceback" not in r.stderr
    r = run(["mock", "report", "42"], env)
    assert r.returncode != 0 and "no mock 42" in r.stderr


def test_plan(env: dict[str, str]) -> None:
    r = run(["plan"], env)
    assert r.returncode != 0 and "no study plan yet" in r.stderr
    soon = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    r = run(["plan", "--date", soon, "--hours", "2", "--json"], env)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["days_left"] == 5 and data["items"] and data["minutes_today"] <= 120
    assert run(["plan", "--hours", "1", "--json"], env).returncode == 0  # date kept
    assert "Today" in run(["plan"], env).stdout
    r = run(["plan", "--date", "2020-01-01"], env)
    assert r.returncode != 0 and "in the past" in r.stderr


class Spy(io.StringIO):
    """Stdin that records, before giving each line, the answers the store holds."""

    def __init__(self, text: str, store: Store, user_id: int, mock_id: int) -> None:
        super().__init__(text)
        self.store, self.user_id, self.mock_id = store, user_id, mock_id
        self.seen: list[str] = []

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        item = self.store.mock(self.user_id, self.mock_id).rounds[0].items[0]
        self.seen.append(item.answers.get("", ""))
        return super().readline()


def test_each_line_is_stored_before_the_next_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLDRILLS_PACKS_DIR", str(ROOT / "packs"))
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store.migrate()
    user = store.local_user()
    record = mocks.start(store, user.id, "screen", seed=3, root=ROOT / "packs")
    spy = Spy("one\ntwo\n:quit\n", store, user.id, record.id)
    monkeypatch.setattr("sys.stdin", spy)
    cli_mocks._run(store, user.id, record.id)
    assert spy.seen == ["", "one", "one\ntwo"]
    assert not store.mock(user.id, record.id).rounds[0].running  # quitting pauses the clock
