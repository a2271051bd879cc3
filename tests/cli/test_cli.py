"""The CLI end to end, as a user runs it: real processes, a temporary data directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOLUTION = ROOT / "packs/coding/merge-intervals/solution.py"


def run(
    args: list[str], env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def env(tmp_path: Path, runtime_dir: Path) -> dict[str, str]:
    packs = tmp_path / "packs" / "coding"
    shutil.copytree(ROOT / "packs/coding/merge-intervals", packs / "merge-intervals")
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e["MLDRILLS_RUNTIME_DIR"] = str(runtime_dir)
    e.pop("MLDRILLS_DATABASE_URL", None)
    e.pop("MLDRILLS_JUDGE_DAEMON", None)
    e["COLUMNS"] = "200"
    return e


# Grading tests run both ways: through the warm judge and with a judge per command.
JUDGE_MODES = pytest.mark.parametrize("judge_mode", ["on", "off"])


def assert_clean_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    for w in words:
        assert w in proc.stderr, proc.stderr


def test_list_json_and_area_filter(env: dict[str, str]) -> None:
    proc = run(["list", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    slugs = {r["slug"] for r in rows}
    assert "merge-intervals" in slugs
    assert {"title", "area", "topic", "difficulty", "time_minutes", "needs_torch"} <= set(rows[0])
    coding = json.loads(run(["list", "--area", "coding", "--json"], env).stdout)
    assert coding and all(r["area"] == "coding" for r in coding)
    assert_clean_error(run(["list", "--area", "nope"], env), "no area named 'nope'")


def test_list_skips_a_broken_pack_with_a_warning(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "packs/coding/half-written").mkdir()
    (tmp_path / "packs/coding/half-written/meta.toml").write_text('title = "x"\n')
    proc = run(["list", "--json"], env)
    assert proc.returncode == 0
    assert [r["slug"] for r in json.loads(proc.stdout)] == ["merge-intervals"]
    assert "skipped broken exercise half-written" in proc.stderr


def test_show_and_unknown_slug(env: dict[str, str]) -> None:
    proc = run(["show", "merge-intervals"], env)
    assert proc.returncode == 0
    assert "merge_intervals" in proc.stdout
    assert_clean_error(run(["show", "merge-interval"], env), "no exercise named", "did you mean")


@JUDGE_MODES
def test_start_test_submit_history(env: dict[str, str], tmp_path: Path, judge_mode: str) -> None:
    env["MLDRILLS_JUDGE_DAEMON"] = judge_mode
    proc = run(["start", "merge-intervals"], env)
    assert proc.returncode == 0, proc.stderr
    ws = Path(env["MLDRILLS_DATA_DIR"]) / "workspaces/merge-intervals/solution.py"
    assert ws.read_text().startswith("def merge_intervals")
    # The starter fails (NotImplementedError) with a verdict, not a crash.
    proc = run(["test", "merge-intervals"], env)
    assert proc.returncode == 1 and "FAIL" in proc.stdout and "NotImplementedError" in proc.stdout
    ws.write_text(SOLUTION.read_text())
    proc = run(["submit", "merge-intervals", "--json"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    assert result["status"] == "pass" and result["hidden"] is True
    assert result["judge"]["kind"] == ("daemon" if judge_mode == "on" else "command")
    assert all({"name", "status", "message"} <= set(c) for c in result["checks"])
    # start again keeps the learner's work
    assert "still at" in run(["start", "merge-intervals"], env).stdout
    assert ws.read_text() == SOLUTION.read_text()
    hist = json.loads(run(["history", "--json"], env).stdout)
    assert [h["kind"] for h in hist] == ["submit", "test"]
    assert hist[0]["status"] == "pass" and hist[0]["time_spent_s"] is not None


@JUDGE_MODES
def test_submit_file_json_failing(env: dict[str, str], tmp_path: Path, judge_mode: str) -> None:
    env["MLDRILLS_JUDGE_DAEMON"] = judge_mode
    bad = tmp_path / "bad.py"
    bad.write_text("def merge_intervals(intervals):\n    return sorted(intervals)\n")
    proc = run(["submit", "merge-intervals", "--file", str(bad), "--json"], env)
    assert proc.returncode == 1
    result = json.loads(proc.stdout)
    assert result["status"] == "fail"
    failed = [c for c in result["checks"] if c["status"] == "fail"]
    assert failed and "expected" in failed[0]["message"]


def test_learner_output_cannot_drive_the_terminal(env: dict[str, str], tmp_path: Path) -> None:
    # Escape sequences printed by a submission (clear screen, retitle the window, a bell)
    # reach the terminal only as visible text.
    bad = tmp_path / "noisy.py"
    bad.write_text(
        "print('\\x1b[2J\\x1b]0;owned\\x07\\x9b31m')\n"
        "def merge_intervals(intervals):\n    return '\\x1b[31mred'\n"
    )
    proc = run(["test", "merge-intervals", "--file", str(bad)], env)
    assert proc.returncode == 1, proc.stderr
    shown = proc.stdout + proc.stderr
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "\\x1b[2J" in shown  # shown, not executed


@JUDGE_MODES
def test_bad_input_is_one_clear_line(env: dict[str, str], tmp_path: Path, judge_mode: str) -> None:
    env["MLDRILLS_JUDGE_DAEMON"] = judge_mode
    assert_clean_error(
        run(["submit", "merge-intervals", "--file", str(tmp_path / "nope.py")], env),
        "file not found",
    )
    assert_clean_error(run(["submit", "no-such", "--file", str(SOLUTION)], env), "no exercise")
    assert_clean_error(run(["test", "merge-intervals"], env), "no workspace file")
    binary = tmp_path / "bin.py"
    binary.write_bytes(b"\xff\xfe\x00")
    assert_clean_error(run(["submit", "merge-intervals", "--file", str(binary)], env), "UTF-8")


def test_broken_pack_is_reported(env: dict[str, str], tmp_path: Path) -> None:
    broken = tmp_path / "packs/coding/broken-one"
    shutil.rmtree(tmp_path / "packs/coding/merge-intervals")
    broken.mkdir(parents=True)
    for name in ("README.md", "starter.py", "solution.py", "tests.py", "hidden.py"):
        (broken / name).write_text("")
    (broken / "meta.toml").write_text('title = "x"\ntopic = 42\n')
    env["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    assert_clean_error(run(["show", "broken-one"], env), "meta.toml", "topic")
    proc = run(["check", "--json"], env)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["ok"] is False
    assert "topic" in report["exercises"][0]["problems"][0]


def test_doctor_reports_layers(env: dict[str, str]) -> None:
    proc = run(["doctor", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    # The core layers; the sandbox reports finer ones beside them (cgroups, scopes...).
    assert {"rlimits", "user", "landlock", "seccomp", "netns"} <= set(info["layers"])
    assert info["warm_judge"].startswith("not running")
    assert info["database"].startswith("sqlite:///")
    assert info["exercises"] == 1


def test_a_failing_submission_shows_its_diagnosis_first(
    env: dict[str, str], tmp_path: Path
) -> None:
    env["MLDRILLS_JUDGE_DAEMON"] = "on"
    mutant = ROOT / "packs/coding/merge-intervals/mutants/strict-overlap.py"
    mistake = mutant.read_text().splitlines()[0].removeprefix("# mistake: ")
    proc = run(["submit", "merge-intervals", "--file", str(mutant)], env)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.index("likely mistake:") < proc.stdout.index("status")
    # The first failure had the warm judge measure the pack's mutants once, off the
    # learner's path; from then on the diagnosis names the very mistake.
    cache = tmp_path / "data" / "diagnosis"
    deadline = time.monotonic() + 120
    while not list(cache.glob("merge-intervals-*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    proc = run(["submit", "merge-intervals", "--file", str(mutant), "--json"], env)
    diagnosis = json.loads(proc.stdout)["diagnosis"]
    assert diagnosis["mutant"] == "strict-overlap" and diagnosis["mistake"] == mistake
    assert diagnosis["check"] in {c["name"] for c in json.loads(proc.stdout)["checks"]}


def test_a_syntax_error_shows_the_line_and_a_caret(env: dict[str, str], tmp_path: Path) -> None:
    env["MLDRILLS_JUDGE_DAEMON"] = "off"
    bad = tmp_path / "bad.py"
    bad.write_text("def merge_intervals(intervals)\n    return intervals\n")
    proc = run(["test", "merge-intervals", "--file", str(bad)], env)
    assert proc.returncode == 1
    assert "does not parse" in proc.stdout and "(line 1)" in proc.stdout
    assert "^" in proc.stdout and "0/0" not in proc.stdout and "Traceback" not in proc.stderr
