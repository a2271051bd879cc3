"""``mldrills design`` end to end: list, piped notes with headings, feedback, --json, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTES = """\
## clarify
The goal is purchases per session.
## deep-dives
Evaluate ranking with NDCG on a time-based split.
## diagram
client -> api: HTTPS
api -> ranker
"""


def run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", "design", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "packs" / "prompts").mkdir(parents=True)
    shutil.copy(
        ROOT / "packs" / "prompts" / "product-recommender.toml", tmp_path / "packs" / "prompts"
    )
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e["MLDRILLS_GRADER"] = "lexical"
    e.pop("MLDRILLS_DATABASE_URL", None)
    e["COLUMNS"] = "200"
    return e


def test_list(env: dict[str, str]) -> None:
    done = run(["--json"], env)
    assert done.returncode == 0, done.stderr
    assert [p["slug"] for p in json.loads(done.stdout)] == ["product-recommender"]
    assert "Product recommendations" in run([], env).stdout


def test_piped_notes_are_graded_and_stored(env: dict[str, str]) -> None:
    done = run(["product-recommender", "--reference"], env, stdin=NOTES)
    assert done.returncode == 0, done.stderr
    assert "Requirements and framing 1/2" in done.stdout
    assert '"The goal is purchases per session." (clarify)' in done.stdout
    assert "client -> api  (HTTPS)" in done.stdout
    assert "Reference outline" in done.stdout and "Follow-ups to practise" in done.stdout

    again = run(["product-recommender", "--session", "1", "--json"], env)
    data = json.loads(again.stdout)
    assert data["session"]["notes"]["deep-dives"].startswith("Evaluate ranking")
    evaluation = next(s for s in data["feedback"]["sections"] if s["id"] == "evaluation")
    assert evaluation["made"] == 2 and data["feedback"]["self_assessment_form"]


def test_json_with_minutes_and_assessment(env: dict[str, str]) -> None:
    assess = "clarified=3,structure=2,depth=2,numbers=1,tradeoffs=1,time=4"
    done = run(["product-recommender", "--minutes", "1,2,3,4", "--assess", assess, "--json"], env)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert [p["minutes"] for p in data["session"]["phases"]] == [1, 2, 3, 4]
    assert data["session"]["self_assessment"]["time"] == 4
    assert data["feedback"]["coverage"] == 0


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["no-such-prompt"], "", "no design prompt 'no-such-prompt'"),
        (["product-recommender", "--minutes", "5,x,1,1"], "", "write numbers separated by commas"),
        (["product-recommender"], "## nope\nx\n", "use one of clarify"),
        (["product-recommender", "--assess", "speed=3"], "", "unknown self-assessment item"),
        (["product-recommender", "--session", "99"], "", "no design session 99"),
    ],
)
def test_mistakes_are_clear_errors(
    env: dict[str, str], args: list[str], stdin: str, message: str
) -> None:
    done = run(args, env, stdin=stdin)
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr


def test_sessions_are_listed(env: dict[str, str]) -> None:
    assert "No design sessions yet" in run(["--sessions"], env).stdout
    run(["product-recommender"], env, stdin=NOTES)
    listed = run(["--sessions"], env).stdout
    assert "product-recommender" in listed and "finished" in listed
    rows = json.loads(run(["product-recommender", "--sessions", "--json"], env).stdout)
    assert [r["id"] for r in rows] == [1]
