"""``mldrills hint``, ``giveup`` and ``editorial`` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mldrills.store import Store

ROOT = Path(__file__).resolve().parents[2]
EDITORIAL = """---
hints:
  - "Order the intervals so that overlapping ones become neighbours."
  - "After sorting by start, each interval overlaps $\\\\le 1$ running block."
---
## The idea
Sort by start, then sweep, extending the last block while $s \\le e_{last}$.

## Complexity
$O(n \\log n)$ time for the sort.

## Alternatives
A sweep over `+1/-1` events sorted by position.
"""


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "packs" / "coding" / "merge-intervals"
    shutil.copytree(ROOT / "packs/coding/merge-intervals", folder)
    (folder / "editorial.md").write_text(EDITORIAL, encoding="utf-8")
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e.pop("MLDRILLS_DATABASE_URL", None)
    e["COLUMNS"] = "200"
    return e


def _record_pass(env: dict[str, str]) -> None:
    with Store(f"sqlite:///{env['MLDRILLS_DATA_DIR']}/mldrills.db") as store:
        store.migrate()
        result = {"status": "pass", "checks": [], "timings": {"total_ms": 1.0}}
        store.record_attempt(
            store.local_user().id, "merge-intervals", "submit", "x", result, time_spent_s=1
        )


def test_hints_come_one_rung_at_a_time(env: dict[str, str]) -> None:
    first = run(["hint", "merge-intervals"], env)
    assert first.returncode == 0, first.stderr
    assert "Hint 1 of 2: Order the intervals" in first.stdout
    assert "will not count as solved without hints" in first.stdout
    second = run(["hint", "merge-intervals"], env)
    assert "Hint 2 of 2" in second.stdout and "≤ 1 running block" in second.stdout
    assert "$" not in second.stdout and "last hint" in second.stdout
    third = run(["hint", "merge-intervals", "--json"], env)
    assert third.returncode == 2 and "all 2 hints" in third.stderr
    assert "Traceback" not in third.stderr


def test_editorial_is_refused_before_a_solve_or_give_up(env: dict[str, str]) -> None:
    proc = run(["editorial", "merge-intervals"], env)
    assert proc.returncode == 6
    assert "shown after you solve it or give up" in proc.stderr
    assert "def merge_intervals" not in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_giveup_asks_and_needs_a_terminal_or_yes(env: dict[str, str]) -> None:
    proc = run(["giveup", "merge-intervals"], env, stdin="y\n")
    assert proc.returncode == 2 and "add --yes" in proc.stderr
    assert run(["editorial", "merge-intervals"], env).returncode == 6


def test_giveup_yes_shows_the_solution(env: dict[str, str]) -> None:
    proc = run(["giveup", "merge-intervals", "--yes"], env)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "Recorded: you gave up on merge-intervals." in text
    assert "The idea" in text and "log n" in text and "$" not in text
    assert "Common mistakes" in text and "Reference solution" in text
    assert "def merge_intervals" in text
    data = json.loads(run(["editorial", "merge-intervals", "--json"], env).stdout)
    assert data["gave_up_at"] and data["mark"] is None
    assert data["reference"] == (ROOT / "packs/coding/merge-intervals/solution.py").read_text()
    assert len(data["mistakes"]) >= 3 and all(m["mistake"] for m in data["mistakes"])


def test_after_a_clean_solve_the_editorial_opens(env: dict[str, str]) -> None:
    _record_pass(env)
    proc = run(["editorial", "merge-intervals"], env)
    assert proc.returncode == 0, proc.stderr
    assert "solved without hints" in proc.stdout and "def merge_intervals" in proc.stdout
    again = run(["giveup", "merge-intervals", "--yes", "--json"], env)
    assert json.loads(again.stdout)["gave_up_at"] is None  # nothing to give up once solved
