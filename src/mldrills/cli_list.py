"""The table ``mldrills list`` prints, fitted to the terminal's width.

Every row keeps its full slug (the name the other commands take). The title takes the room
the other columns leave and ends in an ellipsis when it does not fit. To give it room, the
table gives up detail one step at a time (see ``LAYOUTS``): the time of the last run, long
area and level names, the solved date (the status still says solved), the long status word,
the time budget, the exact date of the last run, and at last the title itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

AREA_CODES = {
    "transformers": "tfmr",
    "llm": "llm",
    "trees": "tree",
    "linear": "lin",
    "evaluation": "eval",
    "recsys": "rec",
    "distributed": "dist",
    "pipelines": "pipe",
    "coding": "code",
    "behavioral": "beh",
}
LEVEL_SHORT = {"easy": "easy", "medium": "med", "hard": "hard"}
TITLE_WANT = 28  # a title this wide reads well: drop detail elsewhere to give it room...
TITLE_MIN = 16  # ...and no narrower, while there is detail left to drop
TITLE_FLOOR = 8  # below this the title column is left out; the slug says enough
GAP = 2  # columns are separated by one space of padding and one of (blank) rule
TORCH = " (torch)"  # after the title of an exercise that needs PyTorch...
TORCH_SHORT = " (pt)"  # ...when the two do not fit together


@dataclass(frozen=True)
class Layout:
    """Which columns the table shows and how long their values are."""

    short_names: bool = False  # area as a code (tfmr, llm, ...), medium as med
    solved: bool = True  # the date of the first pass
    short_status: bool = False  # "tried" for attempted
    minutes: bool = True  # the time budget
    last: str = "datetime"  # last run as "datetime", "date", "age" (3d, 2w) or "" (hidden)


def _layouts() -> tuple[Layout, ...]:
    steps: list[Layout] = [Layout()]
    for change in (
        {"last": "date"},
        {"short_names": True},
        {"solved": False},
        {"short_status": True},
        {"minutes": False},
        {"last": "age"},
        {"last": ""},
    ):
        steps.append(replace(steps[-1], **change))
    return tuple(steps)


LAYOUTS = _layouts()


def _date(when: datetime | None, fmt: str) -> str:
    return when.astimezone(UTC).strftime(fmt) if when is not None else ""


def age(when: datetime | None, now: datetime) -> str:
    """How long ago ``when`` was, in at most five characters: today, 3d, 5w, 4mo, 2y."""
    if when is None:
        return ""
    days = (now - when).days
    if days < 1:
        return "today"
    if days < 14:
        return f"{days}d"
    if days < 70:
        return f"{days // 7}w"
    if days < 730:
        return f"{days // 30}mo"
    return f"{days // 365}y"


def _status(row: dict[str, Any], short: bool) -> Text:
    word = {"new": "new", "attempted": "tried" if short else "attempted", "solved": "solved"}
    text = Text(word[row["status"]], style="green" if row["status"] == "solved" else "")
    if row["due"]:
        text.append(" (due)", style="yellow")
    return text


@dataclass(frozen=True)
class _Column:
    header: str
    cell: Callable[[dict[str, Any]], Text | str]
    justify: str = "left"


def _columns(layout: Layout, now: datetime) -> list[_Column]:
    """The columns after slug and title, in order."""
    short = layout.short_names
    cols = [
        _Column(
            "area",
            lambda r: (
                AREA_CODES.get(r["syllabus_area"], r["syllabus_area"])
                if short
                else r["syllabus_area"]
            ),
        ),
        _Column(
            "lvl" if short else "level",
            lambda r: LEVEL_SHORT[r["difficulty"]] if short else r["difficulty"],
        ),
    ]
    if layout.minutes:
        cols.append(_Column("min", lambda r: str(r["time_minutes"]), "right"))
    cols.append(_Column("status", lambda r: _status(r, layout.short_status)))
    if layout.solved:
        cols.append(_Column("solved", lambda r: _date(r["solved_at"], "%Y-%m-%d")))
    if layout.last == "datetime":
        cols.append(_Column("last run", lambda r: _date(r["last_attempt_at"], "%Y-%m-%d %H:%M")))
    elif layout.last == "date":
        cols.append(_Column("last run", lambda r: _date(r["last_attempt_at"], "%Y-%m-%d")))
    elif layout.last == "age":
        cols.append(_Column("last", lambda r: age(r["last_attempt_at"], now), "right"))
    return cols


def _width(header: str, cells: list[Text | str]) -> int:
    return max(
        [
            Text(header).cell_len,
            *(Text(c).cell_len if isinstance(c, str) else c.cell_len for c in cells),
        ]
    )


def _needs_short_mark(row: dict[str, Any], width: int) -> bool:
    return bool(row["needs_torch"]) and Text(row["title"] + TORCH).cell_len > width


def _title(row: dict[str, Any], width: int, short_mark: bool) -> Text:
    """The title in at most ``width`` cells, the PyTorch mark kept visible when it fits."""
    title = Text(row["title"])
    mark = Text(TORCH_SHORT if short_mark else TORCH, style="dim")
    if not row["needs_torch"]:
        mark = Text()
    room = width - mark.cell_len
    if room < 4:  # too narrow for both: the title alone
        title.append_text(mark)
        title.truncate(width, overflow="ellipsis")
        return title
    title.truncate(room, overflow="ellipsis")
    return title.append_text(mark)


def list_table(
    rows: list[dict[str, Any]], total: int, width: int, now: datetime | None = None
) -> Table:
    """The exercise list as a table at most ``width`` cells wide (slugs never cut)."""
    now = now or datetime.now(UTC)
    slug_width = _width("slug", [r["slug"] for r in rows])
    longest_title = _width(
        "title", [r["title"] + (TORCH if r["needs_torch"] else "") for r in rows]
    )
    fits: list[tuple[int, list[_Column], list[list[Text | str]]]] = []
    for layout in LAYOUTS:
        cols = _columns(layout, now)
        cells = [[c.cell(r) for r in rows] for c in cols]
        widths = [_width(c.header, v) for c, v in zip(cols, cells, strict=True)]
        fits.append((width - slug_width - sum(widths) - GAP * (len(cols) + 1), cols, cells))
    # The richest layout that leaves a comfortable title, else one that leaves a short one.
    room, cols, cells = next(
        (f for f in fits if f[0] >= min(TITLE_WANT, longest_title)),
        next((f for f in fits if f[0] >= min(TITLE_MIN, longest_title)), fits[-1]),
    )
    title_width = min(room, longest_title)
    table = Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        caption=f"{len(rows)} of {total} exercises",
    )
    show_title = title_width >= TITLE_FLOOR
    short_mark = show_title and any(_needs_short_mark(r, title_width) for r in rows)
    if short_mark:  # the same mark on every row
        table.caption = f"{table.caption}; (pt): needs PyTorch"
    table.add_column("slug", no_wrap=True)
    if show_title:
        table.add_column("title", no_wrap=True, overflow="ellipsis", max_width=title_width)
    for c in cols:
        table.add_column(c.header, no_wrap=True, justify=c.justify)  # type: ignore[arg-type]
    for i, r in enumerate(rows):
        title = [_title(r, title_width, short_mark)] if show_title else []
        table.add_row(r["slug"], *title, *(cells[j][i] for j in range(len(cols))))
    return table


def print_list(console: Console, rows: list[dict[str, Any]], total: int) -> None:
    """Print the exercise list fitted to ``console``'s width."""
    console.print(list_table(rows, total, console.width))
