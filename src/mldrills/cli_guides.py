"""``mldrills guide``: the syllabus areas, and one area's topic guide, in the terminal."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from mldrills.cli_text import markup

out = Console(highlight=False, soft_wrap=False)


def _count(value: int | None) -> str:
    return "missing" if value is None else str(value)


def _areas_table(rows: list[dict[str, Any]]) -> None:
    table = Table("#", "area", "title", "exercises", "cards", "drills", "guide")
    for r in rows:
        table.add_row(
            str(r["number"]),
            r["slug"],
            r["title"],
            str(r["exercise_count"]),
            _count(r["card_count"]),
            str(r["drill_count"]),
            "yes" if r["has_guide"] else "[yellow]missing[/]",
        )
    out.print(table)
    out.print(markup("`mldrills guide AREA` prints an area's guide."))


def guide(
    area: Annotated[str | None, typer.Argument(help="Area slug, e.g. transformers.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the syllabus areas, or read one area's topic guide."""
    from mldrills.content.guides import load_guide
    from mldrills.content.knowledge import area_summaries
    from mldrills.content.syllabus import load_syllabus

    syllabus = load_syllabus()
    if area is None:
        rows = area_summaries(syllabus)
        if as_json:
            sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        else:
            _areas_table(rows)
        return
    found = syllabus.area(area)
    loaded = load_guide(syllabus.path(found.guide), found.slug)
    if as_json:
        sys.stdout.write(json.dumps({**loaded.to_dict(), "number": found.number}, indent=2) + "\n")
        return
    out.print(f"[bold]{found.number}. {loaded.title}[/]")
    out.print(loaded.summary, style="dim", markup=False)
    out.print()
    from mldrills.terminal import TerminalMarkdown  # markdown-it: only when shown

    out.print(TerminalMarkdown(loaded.body))
