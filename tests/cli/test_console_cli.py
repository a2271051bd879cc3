"""`mldrills console` and the live progress line of `test`/`submit`, through the warm judge."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a real daemon and fork server

ROOT = Path(__file__).resolve().parents[2]
SLUG = "merge-intervals"
BUGGY = "def merge_intervals(intervals):\n    print('\\x1b[2Jcleared?')\n    return intervals\n"
HIDDEN_NAMES = ("empty input", "degenerate intervals", "touching vs separate", "random inputs")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def env(tmp_path: Path, runtime_dir: Path, code_snapshot: Path) -> dict[str, str]:
    shutil.copytree(ROOT / "packs/coding" / SLUG, tmp_path / "packs/coding" / SLUG)
    (tmp_path / "good.py").write_text((ROOT / "packs/coding" / SLUG / "solution.py").read_text())
    (tmp_path / "bug.py").write_text(BUGGY)
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e["MLDRILLS_RUNTIME_DIR"] = str(runtime_dir)
    e["MLDRILLS_JUDGE_SLOTS"] = "2"
    e["PYTHONPATH"] = str(code_snapshot)
    e["COLUMNS"] = "200"
    for name in ("MLDRILLS_DATABASE_URL", "MLDRILLS_JUDGE_DAEMON", "FORCE_COLOR", "NO_COLOR"):
        e.pop(name, None)
    return e


def test_console_runs_both_sides_through_the_warm_judge(
    env: dict[str, str], tmp_path: Path
) -> None:
    bug = str(tmp_path / "bug.py")
    proc = run(["console", SLUG, "--file", bug, "--args", "[[1, 3], [2, 6]]", "--json"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    reply = json.loads(proc.stdout)
    row = reply["console"]["rows"][0]
    assert row["statement"] == "merge_intervals([[1, 3], [2, 6]])"
    assert row["yours"]["value"] == "[[1, 3], [2, 6]]" and row["reference"]["value"] == "[(1, 6)]"
    assert row["agree"] is False
    text = run(["console", SLUG, "--file", bug, "--args", "[[1, 3], [2, 6]]"], env)
    assert "differ" in text.stdout and "reference  [(1, 6)]" in text.stdout
    assert "\x1b" not in text.stdout and "\\x1b[2Jcleared?" in text.stdout  # shown, not obeyed
    history = run(["history", "--json"], env)
    assert json.loads(history.stdout or "[]") == []  # a console run is not an attempt


def test_without_input_the_example_runs_and_bad_input_is_refused(
    env: dict[str, str], tmp_path: Path
) -> None:
    good = str(tmp_path / "good.py")
    proc = run(["console", SLUG, "--file", good, "--no-daemon", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    reply = json.loads(proc.stdout)
    assert reply["example"] is True and reply["input"].startswith("merge_intervals(")
    assert reply["console"]["rows"][0]["agree"] is True
    bad = run(["console", SLUG, "--file", good, "--input", "__import__('os').getcwd()"], env)
    assert bad.returncode == 2 and "is not allowed" in bad.stderr
    big = run(["console", SLUG, "--file", good, "--args", "np.zeros((500, 500))"], env)
    assert big.returncode == 2 and "10,000" in big.stderr


@pytest.mark.parametrize("daemon", [True, False])
def test_submit_shows_which_check_runs_and_never_a_hidden_ones_name(
    env: dict[str, str], tmp_path: Path, daemon: bool
) -> None:
    env = {**env, "FORCE_COLOR": "1"}  # a terminal for Rich: the live line is drawn
    extra = [] if daemon else ["--no-daemon"]
    proc = run(["submit", SLUG, "--file", str(tmp_path / "good.py"), *extra], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", proc.stderr).replace("\r", "\n")
    assert re.search(r"Running check \d+ of \d+: examples from the statement", lines), lines
    assert re.search(r"Running hidden check \d+ of \d+", lines), lines
    assert not any(name in lines for name in HIDDEN_NAMES)
