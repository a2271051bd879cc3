"""``mldrills stories`` and ``mldrills behavioral`` end to end, text on stdin."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORY = """title: Cut the GPU bill
principles: frugality, ownership
metric: GPU spend | 42000 | 27500 | USD per month | over one quarter
---
At my last company the nightly pipeline ran on on-demand GPU machines.
I was asked to bring the bill down. I profiled every stage and moved the SQL steps to CPU.
The monthly bill fell from $42,000 to $27,500 within one quarter.
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
    shutil.copytree(ROOT / "packs" / "behavioral", tmp_path / "packs" / "behavioral")
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e.pop("MLDRILLS_DATABASE_URL", None)
    e["COLUMNS"] = "200"
    return e


def test_add_list_edit_analyze_export_delete(env: dict[str, str], tmp_path: Path) -> None:
    added = run(["stories", "add", "--json"], env, STORY)
    assert added.returncode == 0, added.stderr
    story = json.loads(added.stdout)
    assert story["principles"] == ["frugality", "ownership"]
    assert story["metrics"][0]["baseline"] == 42000
    sid = str(story["id"])

    edited = run(["stories", "edit", sid], env, STORY.replace("ownership", "dive-deep"))
    assert edited.returncode == 0, edited.stderr
    [row] = json.loads(run(["stories", "list", "--json"], env).stdout)
    assert row["principles"] == ["frugality", "dive-deep"]

    report = json.loads(run(["stories", "analyze", sid, "--json"], env).stdout)
    findings = {f["name"]: f for f in report["findings"]}
    assert findings["baseline_after"]["present"]
    assert "$42,000 to $27,500" in findings["baseline_after"]["evidence"][0]

    matrix = json.loads(run(["stories", "matrix", "--json"], env).stdout)
    assert "ownership" in matrix["gaps"]["principles"]
    assert "frugality" not in matrix["gaps"]["principles"]

    target = tmp_path / "bank.md"
    assert run(["stories", "export", "--out", str(target)], env).returncode == 0
    assert "## Cut the GPU bill" in target.read_text()

    assert run(["stories", "delete", sid, "--yes"], env).returncode == 0
    assert json.loads(run(["stories", "list", "--json"], env).stdout) == []


def test_mistakes_are_one_line_errors(env: dict[str, str]) -> None:
    bad = run(["stories", "add"], env, STORY.replace("frugality", "thrift"))
    assert bad.returncode == 2
    assert "no leadership principle 'thrift'" in bad.stderr
    assert "Traceback" not in bad.stderr
    missing = run(["stories", "show", "7"], env)
    assert missing.returncode == 2 and "no story 7" in missing.stderr
    no_sep = run(["stories", "add"], env, "title: x\n")
    assert no_sep.returncode == 2 and "'---'" in no_sep.stderr


def test_analyze_text_from_stdin(env: dict[str, str]) -> None:
    done = run(["stories", "analyze"], env, "We looked at it. Things got better.")
    assert done.returncode == 0, done.stderr
    assert "words per minute" in done.stdout
    assert "The result has no number" in done.stdout


def test_behavioral_prompt_answer_and_follow_ups(env: dict[str, str]) -> None:
    listed = json.loads(run(["behavioral", "--list", "--json"], env).stdout)
    assert len(listed) >= 16
    answer = "I was asked to cut cost. I moved jobs to spot. Spend fell 30% in a quarter."
    done = run(["behavioral", "reduced-cost", "--json"], env, answer)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["prompt"]["slug"] == "reduced-cost"
    assert data["follow_ups"][0].startswith("What was the cost before and after")
    assert {f["name"]: f["present"] for f in data["analysis"]["findings"]}["quantified"]
    text = run(["behavioral", "--seed", "3", "--principle", "backbone"], env, answer)
    assert text.returncode == 0, text.stderr
    assert "Follow-ups to expect" in text.stdout
    empty = run(["behavioral", "tight-deadline"], env, "")
    assert empty.returncode == 2 and "the answer is empty" in empty.stderr
