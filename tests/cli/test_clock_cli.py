"""``mldrills start`` and ``mldrills clock``: the clock is kept, paused, and reset only when asked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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
    packs = tmp_path / "packs" / "coding"
    shutil.copytree(ROOT / "packs/coding/merge-intervals", packs / "merge-intervals")
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e.pop("MLDRILLS_DATABASE_URL", None)
    e["COLUMNS"] = "200"
    return e


def clock(env: dict[str, str]) -> dict[str, object]:
    proc = run(["clock", "merge-intervals", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    data: dict[str, object] = json.loads(proc.stdout)
    return data


def test_start_twice_keeps_the_clock(env: dict[str, str]) -> None:
    assert clock(env)["state"] == "new"
    first = run(["start", "merge-intervals"], env)
    assert first.returncode == 0 and "Clock started: running" in first.stdout, first.stderr
    started = clock(env)
    again = run(["start", "merge-intervals"], env)
    assert again.returncode == 0
    assert "already started and is kept" in again.stdout and "--restart" in again.stdout
    assert clock(env)["started_at"] == started["started_at"]


def test_pause_resume_and_a_paused_clock_holds_still(env: dict[str, str]) -> None:
    run(["start", "merge-intervals"], env)
    paused = run(["clock", "merge-intervals", "--pause"], env)
    assert paused.returncode == 0 and "paused at" in paused.stdout
    held = clock(env)
    assert held["state"] == "paused" and clock(env)["elapsed_s"] == held["elapsed_s"]
    resumed = run(["start", "merge-intervals"], env)  # start resumes, never resets
    assert "Clock resumed" in resumed.stdout
    assert clock(env)["state"] == "running"
    both = run(["clock", "merge-intervals", "--pause", "--resume"], env)
    assert both.returncode != 0 and "not both" in both.stderr and "Traceback" not in both.stderr


def test_restart_asks_first(env: dict[str, str]) -> None:
    run(["start", "merge-intervals"], env)
    before = clock(env)
    refused = run(["start", "merge-intervals", "--restart"], env, stdin="n\n")
    assert refused.returncode == 1 and "back to 0:00?" in refused.stdout
    after = clock(env)
    assert (after["started_at"], after["restarts"]) == (before["started_at"], 0)
    agreed = run(["start", "merge-intervals", "--restart"], env, stdin="y\n")
    assert agreed.returncode == 0 and "Clock restarted" in agreed.stdout
    assert clock(env)["restarts"] == 1
    run(["start", "merge-intervals", "--restart", "--yes"], env)
    assert clock(env)["restarts"] == 2


def test_clock_of_an_unknown_exercise_is_a_clean_error(env: dict[str, str]) -> None:
    proc = run(["clock", "nope"], env)
    assert proc.returncode != 0 and "no exercise named" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "has not started" in run(["clock", "merge-intervals"], env).stdout


def test_a_passing_submit_stops_the_clock_and_shows_the_speed(
    env: dict[str, str], tmp_path: Path
) -> None:
    env["MLDRILLS_JUDGE_DAEMON"] = "off"
    run(["start", "merge-intervals"], env)
    solution = ROOT / "packs/coding/merge-intervals/solution.py"
    proc = run(["submit", "merge-intervals", "--file", str(solution)], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "speed:" in proc.stdout and "x the reference" in proc.stdout, proc.stdout
    assert "noisy measurement" in proc.stdout
    stopped = clock(env)
    assert stopped["state"] == "stopped" and stopped["stopped_at"] is not None
    again = run(["submit", "merge-intervals", "--file", str(solution), "--json"], env)
    speed = json.loads(again.stdout)["speed"]
    assert speed["earlier_passes"] == 1 and speed["earlier_best"] is not None
    assert clock(env)["elapsed_s"] == stopped["elapsed_s"]  # stopped at the first pass
