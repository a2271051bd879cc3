"""`mldrills list` with its filters and sort, and CLI text without Markdown backticks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mldrills.store import Store

ROOT = Path(__file__).resolve().parents[2]
PACKS = {"coding": ["merge-intervals", "lru-cache"], "linear": ["pca-svd", "logistic-regression"]}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def env(tmp_path: Path, runtime_dir: Path) -> dict[str, str]:
    for folder, slugs in PACKS.items():
        for slug in slugs:
            shutil.copytree(ROOT / "packs" / folder / slug, tmp_path / "packs" / folder / slug)
    e = dict(os.environ)
    e.update(
        MLDRILLS_PACKS_DIR=str(tmp_path / "packs"),
        MLDRILLS_DATA_DIR=str(tmp_path / "data"),
        MLDRILLS_RUNTIME_DIR=str(runtime_dir),
        COLUMNS="200",
    )
    e.pop("MLDRILLS_DATABASE_URL", None)
    e.pop("MLDRILLS_JUDGE_DAEMON", None)
    return e


def result(status: str) -> dict[str, object]:
    return {
        "status": status,
        "checks": [{"name": "a", "status": status}],
        "timings": {"total_ms": 1},
    }


def record(env: dict[str, str], slug: str, kind: str, status: str) -> None:
    """Record an attempt as the CLI's local user, straight into the data directory's store."""
    with Store(f"sqlite:///{Path(env['MLDRILLS_DATA_DIR']) / 'mldrills.db'}") as store:
        store.migrate()
        user = store.local_user().id
        attempt = store.record_attempt(user, slug, kind, "x", result(status), time_spent_s=30)
        if kind == "submit" and status != "pass":  # what grading does: queue it for review
            from mldrills.content import Catalog
            from mldrills.practice import review

            meta = Catalog(env["MLDRILLS_PACKS_DIR"]).get(slug).meta
            review.note_attempt(store, user, meta, attempt, now=datetime.now(UTC))


def listed(env: dict[str, str], *args: str) -> list[dict[str, object]]:
    proc = run(["list", "--json", *args], env)
    assert proc.returncode == 0, proc.stderr
    rows: list[dict[str, object]] = json.loads(proc.stdout)
    return rows


def slugs(rows: list[dict[str, object]]) -> list[object]:
    return [r["slug"] for r in rows]


def test_list_filters_by_area_difficulty_and_status(env: dict[str, str]) -> None:
    everything = listed(env)
    assert len(everything) == 4 and all(r["status"] == "new" for r in everything)
    assert {r["syllabus_area"] for r in listed(env, "--area", "linear")} == {"linear"}
    assert slugs(listed(env, "--area", "9")) == slugs(listed(env, "--area", "coding"))
    easy = listed(env, "--difficulty", "easy")
    assert easy and all(r["difficulty"] == "easy" for r in easy)
    record(env, "pca-svd", "submit", "pass")
    record(env, "merge-intervals", "submit", "fail")
    record(env, "lru-cache", "test", "fail")
    assert slugs(listed(env, "--status", "solved")) == ["pca-svd"]
    assert set(slugs(listed(env, "--status", "attempted"))) == {"lru-cache", "merge-intervals"}
    assert slugs(listed(env, "--status", "new")) == ["logistic-regression"]
    assert slugs(listed(env, "--status", "due")) == ["merge-intervals"]  # failed on submit


def test_list_sorts_by_last_attempt_and_title(env: dict[str, str]) -> None:
    record(env, "lru-cache", "test", "fail")
    record(env, "pca-svd", "test", "fail")
    newest_first = slugs(listed(env, "--sort=-last"))
    assert newest_first[:2] == ["pca-svd", "lru-cache"]  # never-run exercises come last
    titles = [str(r["title"]).lower() for r in listed(env, "--sort", "title")]
    assert titles == sorted(titles)
    assert [str(r["title"]).lower() for r in listed(env, "--sort=-title")] == titles[::-1]


def test_list_table_shows_progress_columns(env: dict[str, str]) -> None:
    record(env, "pca-svd", "submit", "pass")
    record(env, "merge-intervals", "submit", "fail")
    proc = run(["list"], env)
    assert proc.returncode == 0, proc.stderr
    for heading in ("status", "solved", "last run", "4 of 4 exercises"):
        assert heading in proc.stdout
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    pca = next(line for line in proc.stdout.splitlines() if "pca-svd" in line)
    assert "solved" in pca and today in pca
    merge = next(line for line in proc.stdout.splitlines() if "merge-intervals" in line)
    assert "attempted (due)" in merge


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "nope"], "no area named 'nope'"),
        (["--difficulty", "insane"], "difficulty must be one of"),
        (["--status", "done"], "status must be one of"),
        (["--sort", "colour"], "sort must be one of"),
    ],
)
def test_list_bad_options_are_one_line_errors(
    env: dict[str, str], args: list[str], message: str
) -> None:
    proc = run(["list", *args], env)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert message in proc.stderr


def test_cli_text_has_no_markdown_backticks(env: dict[str, str]) -> None:
    started = run(["start", "merge-intervals"], env)
    assert started.returncode == 0, started.stderr
    assert "mldrills test merge-intervals" in started.stdout and "`" not in started.stdout
    shown = run(["show", "merge-intervals"], env)
    assert shown.returncode == 0 and "`" not in shown.stdout
    history = run(["history"], env)
    assert "mldrills list" in history.stdout and "`" not in history.stdout
