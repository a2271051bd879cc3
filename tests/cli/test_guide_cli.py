"""``mldrills guide`` and ``mldrills check --knowledge-only`` as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "knowledge_pack"


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    packs = tmp_path / "packs"
    shutil.copytree(FIXTURE, packs)
    shutil.copytree(ROOT / "packs/coding/merge-intervals", packs / "coding" / "merge-intervals")
    # any topic-4 exercise will do: the fixture syllabus calls it dot-product
    shutil.copytree(ROOT / "packs/linear/logistic-regression", packs / "linear" / "dot-product")
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(packs)
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e.pop("MLDRILLS_DATABASE_URL", None)
    e["COLUMNS"] = "200"
    return e


def test_guide_lists_areas_with_counts(env: dict[str, str]) -> None:
    proc = run(["guide", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["slug"] for r in rows][:2] == ["transformers", "llm"]
    first = rows[0]
    assert (first["card_count"], first["drill_count"], first["exercise_count"]) == (1, 1, 0)
    assert rows[8]["exercises"] == ["merge-intervals"] and rows[8]["has_guide"]
    table = run(["guide"], env)
    assert table.returncode == 0, table.stderr
    assert "Transformers and attention" in table.stdout and "transformers" in table.stdout


def test_guide_prints_math_and_link_references(env: dict[str, str]) -> None:
    proc = run(["guide", "transformers"], env)
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "1. Transformers and attention" in text
    assert "Core knowledge" in text and "Practice items" in text
    assert "√d_k" in text  # \sqrt{d_k} read as text
    assert "{a, b}" in text  # escaped braces survive
    assert "x_1 * x_2" in text  # no emphasis made of the subscripts and the star
    assert "merge intervals (exercise: merge-intervals)" in text
    assert "(card: transformers/first-card)" in text
    assert "$" not in text and "](" not in text


def test_guide_json_and_unknown_area(env: dict[str, str]) -> None:
    data = json.loads(run(["guide", "llm", "--json"], env).stdout)
    assert data["area"] == "llm" and data["number"] == 2
    assert data["sections"][0]["title"] == "What the interviewer is probing"
    assert data["links"][0]["scheme"] == "guide"
    proc = run(["guide", "transformer"], env)
    assert proc.returncode == 2
    assert "no syllabus area named 'transformer'" in proc.stderr
    assert "did you mean transformers?" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_guide_without_syllabus_is_a_clear_error(env: dict[str, str]) -> None:
    Path(env["MLDRILLS_PACKS_DIR"], "syllabus.toml").unlink()
    proc = run(["guide"], env)
    assert proc.returncode == 3
    assert "the syllabus is missing" in proc.stderr and "Traceback" not in proc.stderr


def test_check_knowledge_only(env: dict[str, str]) -> None:
    proc = run(["check", "--knowledge-only", "--json"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert (report["ok"], report["exercises"], report["knowledge"]) == (True, [], [])
    guide = Path(env["MLDRILLS_PACKS_DIR"], "guides", "llm.md")
    guide.write_text(guide.read_text(encoding="utf-8").replace("## Pitfalls", "## Traps"))
    proc = run(["check", "--knowledge-only"], env)
    assert proc.returncode == 1
    assert "missing section(s) '## Pitfalls'" in proc.stderr
    assert "1 problem(s)" in proc.stdout


def test_show_keeps_backslashes(env: dict[str, str]) -> None:
    readme = Path(env["MLDRILLS_PACKS_DIR"], "coding", "merge-intervals", "README.md")
    readme.write_text(
        "# Merge\n\n- a set $\\{x_i\\}$ and $\\weird{y}$\n"
        "  $$\\mathrm{cost} = \\frac{a}{b}$$\n- next item\n",
        encoding="utf-8",
    )
    proc = run(["show", "merge-intervals"], env)
    assert proc.returncode == 0, proc.stderr
    assert "{x_i}" in proc.stdout and "\\weird{y}" in proc.stdout
    assert "cost = a/b" in proc.stdout
