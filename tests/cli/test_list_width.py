"""`mldrills list` fits the terminal: every line within the width, every slug whole, and
more detail (full area names, dates and times) as the terminal gets wider."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from mldrills.cli_list import AREA_CODES, age, list_table
from mldrills.content import Catalog
from mldrills.practice.exercise_list import exercise_row
from mldrills.store import SlugStats

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def progress(i: int) -> tuple[SlugStats | None, bool]:
    """Every kind of row in turn: new, attempted and due, solved, solved and due."""
    kind = i % 4
    if kind == 0:
        return None, False
    solved = kind >= 2
    stats: SlugStats = {
        "attempts": 3,
        "passes": 1 if solved else 0,
        "test_runs": 2,
        "first_pass_at": NOW - timedelta(days=i) if solved else None,
        "best_time_spent_s": 120.0 if solved else None,
        "last_attempt_at": NOW - timedelta(days=i, minutes=7),
    }
    return stats, kind in (1, 3)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    metas = [e.meta for e in Catalog(ROOT / "packs").all()]
    assert len(metas) >= 40  # the real packs: long slugs and titles
    made = []
    for i, meta in enumerate(metas):
        stats, due = progress(i)
        made.append(exercise_row(meta, stats, due))
    return made


def render(rows: list[dict[str, Any]], width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    console.print(list_table(rows, len(rows), width, now=NOW))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return str(text).splitlines()


def row_line(lines: list[str], slug: str) -> str:
    found = [line for line in lines if line.split() and line.split()[0] == slug]
    assert len(found) == 1, (slug, found)
    return found[0]


@pytest.mark.parametrize("width", [80, 100, 120, 160, 220])
def test_every_line_fits_and_every_slug_is_whole(rows: list[dict[str, Any]], width: int) -> None:
    lines = render(rows, width)
    too_long = [line for line in lines if cell_len(line) > width]
    assert not too_long, too_long[:3]
    for r in rows:
        line = row_line(lines, r["slug"])
        assert r["title"][:8] in line  # the start of the title is still there to read
        if r["needs_torch"]:
            assert "(pt)" in line or "(torch)" in line
    assert f"{len(rows)} of {len(rows)} exercises" in "\n".join(lines)


def test_80_columns_abbreviate_and_keep_what_matters(rows: list[dict[str, Any]]) -> None:
    lines = render(rows, 80)
    header = lines[0].split()
    assert header[:2] == ["slug", "title"] and "area" in header and "status" in header
    assert "(pt): needs PyTorch" in lines[-1]
    for i, r in enumerate(rows):
        line = row_line(lines, r["slug"])
        assert f" {AREA_CODES[r['syllabus_area']]} " in line
        word = {0: "new", 1: "tried (due)", 2: "solved", 3: "solved (due)"}[i % 4]
        assert word in line


def test_120_columns_give_the_title_room_and_keep_dates(rows: list[dict[str, Any]]) -> None:
    lines = render(rows, 120)
    assert "last run" in lines[0] and "solved" in lines[0] and "min" in lines[0]
    for i, r in enumerate(rows):
        line = row_line(lines, r["slug"])
        assert r["title"][:24] in line
        if i % 4:
            assert r["last_attempt_at"].strftime("%Y-%m-%d") in line
        if i % 4 == 1:
            assert "attempted (due)" in line


def test_160_columns_show_full_area_and_level_names(rows: list[dict[str, Any]]) -> None:
    lines = render(rows, 160)
    assert "level" in lines[0]
    for r in rows:
        line = row_line(lines, r["slug"])
        assert f" {r['syllabus_area']} " in line and f" {r['difficulty']} " in line
        assert r["title"][:28] in line


def test_a_wide_terminal_shows_every_column_in_full(rows: list[dict[str, Any]]) -> None:
    lines = render(rows, 220)
    assert lines[0].split() == [
        "slug",
        "title",
        "area",
        "level",
        "min",
        "status",
        "solved",
        "last",
        "run",
    ]
    for i, r in enumerate(rows):
        line = row_line(lines, r["slug"])
        assert r["title"] in line and "…" not in line
        if i % 4 >= 2:
            assert r["solved_at"].strftime("%Y-%m-%d") in line
        if i % 4:
            assert r["last_attempt_at"].strftime("%Y-%m-%d %H:%M") in line


def test_short_slugs_leave_room_for_more_columns(rows: list[dict[str, Any]]) -> None:
    short = [r for r in rows if len(r["slug"]) <= 12]
    assert short
    everything, fewer = render(rows, 80)[0].split(), render(short, 80)[0].split()
    assert "run" not in everything and "run" in fewer  # "last run": the date comes back


def test_a_terminal_too_narrow_for_titles_still_lists_every_slug(
    rows: list[dict[str, Any]],
) -> None:
    lines = render(rows, 60)
    assert "title" not in lines[0]
    assert all(cell_len(line) <= 60 for line in lines)
    for r in rows:
        row_line(lines, r["slug"])


@pytest.mark.parametrize(
    ("ago", "shown"),
    [
        (timedelta(hours=3), "today"),
        (timedelta(days=1), "1d"),
        (timedelta(days=13, hours=23), "13d"),
        (timedelta(days=14), "2w"),
        (timedelta(days=69), "9w"),
        (timedelta(days=70), "2mo"),
        (timedelta(days=729), "24mo"),
        (timedelta(days=800), "2y"),
    ],
)
def test_age_is_short(ago: timedelta, shown: str) -> None:
    assert age(NOW - ago, NOW) == shown
    assert age(None, NOW) == ""
