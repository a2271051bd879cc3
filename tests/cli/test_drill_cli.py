"""``mldrills drill`` end to end: answers on stdin or --answer, text and JSON output."""

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
        [sys.executable, "-m", "mldrills.cli", "drill", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    shutil.copytree(ROOT / "packs" / "drills", tmp_path / "packs" / "drills")
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e.pop("MLDRILLS_DATABASE_URL", None)
    e["COLUMNS"] = "200"
    return e


def test_wrong_answer_gets_hint_and_solution(env: dict[str, str]) -> None:
    done = run(["--slug", "kv-cache-bytes", "--seed", "4184"], env, stdin="64 GiB\n")
    assert done.returncode == 0, done.stderr
    assert "How much memory does the KV cache take" in done.stdout
    assert "MISTAKE" in done.stdout and "keys and values" in done.stdout
    assert "expected 128 GiB; you gave 64 GiB" in done.stdout
    assert "262,144 × 16,384 × 32 = 137,438,953,472 bytes" in done.stdout


def test_json_with_answer_option_records_the_attempt(env: dict[str, str]) -> None:
    done = run(["--slug", "kv-cache-bytes", "--seed", "4184", "--answer", "128 GB", "--json"], env)
    assert done.returncode == 0, done.stderr
    [result] = json.loads(done.stdout)
    assert result["feedback"]["verdict"] == "mistake" and result["feedback"]["mistake"] == "unit"
    assert result["drill"]["params"]["layers"] == 64 and result["attempt_id"] == 1
    assert result["solution"]["answer_text"] == "128 GiB"
    again = run(["transformers", "--count", "2", "--json"], env, stdin="1\n2\n")
    results = json.loads(again.stdout)
    assert len(results) == 2 and {r["drill"]["area"] for r in results} == {"transformers"}
    assert [r["attempt_id"] for r in results] == [2, 3]


def test_json_reports_a_unit_of_the_wrong_kind(env: dict[str, str]) -> None:
    done = run(["--slug", "kv-cache-bytes", "--seed", "4184", "--json"], env, stdin="45 ms\n")
    [result] = json.loads(done.stdout)
    assert "ms measures a duration" in result["error"]["message"]


def test_text_mode_error_is_one_line(env: dict[str, str]) -> None:
    done = run(["--slug", "kv-cache-bytes", "--seed", "4184", "--answer", "45 ms"], env)
    assert done.returncode == 2
    assert "error: ms measures a duration" in done.stderr and "Traceback" not in done.stderr


def test_end_of_input_stops_quietly(env: dict[str, str]) -> None:
    done = run(["llm", "--count", "3", "--json"], env, stdin="")
    [result] = json.loads(done.stdout)
    assert result["answer"] is None and "feedback" not in result


def test_unknown_area_and_slug(env: dict[str, str]) -> None:
    done = run(["astrology"], env)
    assert done.returncode == 2 and "no area named 'astrology'" in done.stderr
    done = run(["--slug", "kv-cache"], env)
    assert done.returncode == 2 and "did you mean kv-cache-bytes" in done.stderr


def test_list(env: dict[str, str]) -> None:
    done = run(["distributed", "--list", "--json"], env)
    rows = json.loads(done.stdout)
    assert {r["slug"] for r in rows} == {
        "adam-mixed-precision-memory",
        "zero-stage-memory",
        "ring-allreduce-bytes",
        "pipeline-bubble",
    }
    table = run(["--list"], env)
    assert table.returncode == 0 and "kv-cache-bytes" in table.stdout and "GiB" in table.stdout
