"""``mldrills review`` and ``mldrills cards`` as a user runs them, answers fed on stdin."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "review_packs"


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
    shutil.copytree(FIXTURE, tmp_path / "packs")
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e.pop("MLDRILLS_DATABASE_URL", None)
    e["COLUMNS"] = "200"
    return e


def stats(env: dict[str, str]) -> dict[str, object]:
    proc = run(["review", "--stats", "--json"], env)
    assert proc.returncode == 0, proc.stderr
    data: dict[str, object] = json.loads(proc.stdout)
    return data


def test_typed_answer_is_graded_and_the_proposal_accepted(env: dict[str, str]) -> None:
    answer = (
        "LayerNorm normalises each token over its features.\nIt does not depend on the batch.\n\n"
    )
    proc = run(["review", "--limit", "1"], env, answer + "\n")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    assert "How does LayerNorm differ from BatchNorm?" in text
    assert "2 of 2 points made" in text
    assert "“LayerNorm normalises each token over its features.”" in text
    assert "Proposed: Easy" in text
    assert "Reviewed 1 card." in text
    data = stats(env)
    assert data["due_now"] == 0
    areas = {a["area"]: a for a in data["areas"]}  # type: ignore[attr-defined]
    assert areas["transformers"]["seen"] == 1


def test_missed_points_are_shown_and_the_rating_overridden(env: dict[str, str]) -> None:
    proc = run(["review", "--limit", "1"], env, "It is faster.\n\n3\n")
    assert proc.returncode == 0, proc.stderr
    assert "0 of 2 points made" in proc.stdout
    assert "✗ missed" in proc.stdout and "Proposed: Again" in proc.stdout
    assert "Next review: in 10 min" in proc.stdout  # Good on a new card: a 10-minute step


def test_reveal_then_rate_again_and_the_card_returns_later(env: dict[str, str]) -> None:
    proc = run(["review", "--area", "linear"], env, "\nx\n1\n")
    assert proc.returncode == 0, proc.stderr
    assert "Which loss does logistic regression minimise?" in proc.stdout
    assert "The log loss" in proc.stdout
    assert "A good answer makes these points:" in proc.stdout
    assert "• It minimises the log loss (cross-entropy)." in proc.stdout
    assert "rating must be 1-4" in proc.stdout  # "x" is refused, then "1" accepted
    assert "Next review: in 1 min" in proc.stdout
    assert "Reviewed 1 card." in proc.stdout
    days = stats(env)["forecast"]
    assert days[0]["due"] == 1  # type: ignore[index]


def test_quit_and_end_of_input_stop_cleanly(env: dict[str, str]) -> None:
    quit_ = run(["review"], env, "q\n")
    assert quit_.returncode == 0 and "Session ended." in quit_.stdout
    assert "Reviewed 0 cards." in quit_.stdout
    eof = run(["review"], env, "")
    assert eof.returncode == 0 and "Traceback" not in eof.stderr


def test_unknown_area_is_one_clear_line(env: dict[str, str]) -> None:
    proc = run(["review", "--area", "nope"], env)
    assert proc.returncode == 2
    assert "no deck for area 'nope'" in proc.stderr and "Traceback" not in proc.stderr


def test_stats_text(env: dict[str, str]) -> None:
    proc = run(["review", "--stats"], env)
    assert proc.returncode == 0, proc.stderr
    assert "Due now: 0" in proc.stdout
    assert "Retention over 30 days: no reviews of seen cards yet" in proc.stdout


def test_export_writes_an_anki_package(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "cards.apkg"
    proc = run(["cards", "export", "transformers", "--out", str(out)], env)
    assert proc.returncode == 0, proc.stderr
    assert "Wrote 3 cards" in proc.stdout
    with zipfile.ZipFile(out) as package:
        package.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = db.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
        (decks_json,) = db.execute("SELECT decks FROM col").fetchone()
    finally:
        db.close()
    assert len(notes) == 3
    fields = [flds.split("\x1f") for _, flds, _ in notes]
    questions = {f[0] for f in fields}
    assert "<p>How does LayerNorm differ from BatchNorm?</p>" in questions
    scaling = next(f for f in fields if "square root" in f[0])
    assert "\\(d_k\\)" in scaling[1] and "\\(\\sqrt{d_k}\\)" in scaling[1]
    assert {f[5] for f in fields} >= {"transformers/causal-mask"}
    assert all("mldrills::transformers" in tags for _, _, tags in notes)
    names = {d["name"] for d in json.loads(decks_json).values()}
    assert "mldrills::transformers" in names
    again = tmp_path / "again.apkg"
    run(["cards", "export", "transformers", "--out", str(again)], env)
    with zipfile.ZipFile(again) as package:
        package.extract("collection.anki2", tmp_path / "again")
    db = sqlite3.connect(tmp_path / "again" / "collection.anki2")
    try:
        guids = [g for (g,) in db.execute("SELECT guid FROM notes ORDER BY id")]
    finally:
        db.close()
    assert guids == [g for g, _, _ in notes]  # stable: re-import updates, not duplicates


def test_export_errors(env: dict[str, str], tmp_path: Path) -> None:
    bad = run(["cards", "export", "--out", str(tmp_path / "cards.zip")], env)
    assert bad.returncode == 2 and "must end in .apkg" in bad.stderr
    missing = run(["cards", "export", "llm", "--out", str(tmp_path / "x.apkg")], env)
    assert missing.returncode == 2 and "no deck for area 'llm'" in missing.stderr
    everything = run(["cards", "export", "--out", str(tmp_path / "all.apkg")], env)
    assert everything.returncode == 0 and "Wrote 4 cards from 2 deck(s)" in everything.stdout


def test_no_decks_says_where_cards_live(env: dict[str, str], tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "packs" / "decks")
    proc = run(["review"], env)
    assert proc.returncode == 0, proc.stderr
    assert "No decks yet: concept cards live in packs/decks/<area>.toml." in proc.stdout
    assert "Reviewed 0 cards." in proc.stdout
