"""``mldrills review`` and ``mldrills cards``: spaced repetition in the terminal."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from time import monotonic
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from mldrills.errors import InvalidInput

out = Console(highlight=False, soft_wrap=True)
cards_app = typer.Typer(no_args_is_help=True, help="Concept cards: list and export decks.")
RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}
QUIT = ("q", "quit", "exit")


class _EndOfInput(Exception):
    """stdin closed: end the session quietly."""


def _now() -> datetime:
    return datetime.now(UTC)


def _read_line(prompt: str) -> str:
    out.print(prompt, end="", markup=False)
    line = sys.stdin.readline()
    if not line:
        raise _EndOfInput
    return line.rstrip("\r\n")


def _read_answer() -> str:
    """Lines until an empty one; an empty first line means "reveal"."""
    lines: list[str] = []
    while True:
        line = _read_line("> ")
        if not line.strip():
            return "\n".join(lines)
        if not lines and line.strip().lower() in QUIT:
            raise _EndOfInput
        lines.append(line)


def _show_grade(card: Any, checked: Any) -> None:
    grade = checked.grade
    if grade is None:
        if card.points:
            out.print("\n[bold]A good answer makes these points:[/]")
            for point in card.points:
                out.print(f"  • {point.point}", markup=False)
        return
    out.print(f"\n[bold]Rubric:[/] {grade.made} of {len(grade.points)} points made")
    for point in grade.points:
        mark = "[green]✓ made[/]" if point.made else "[red]✗ missed[/]"
        out.print(f"  {mark}  ", end="")
        out.print(point.point, markup=False)
        if point.evidence:
            out.print(f"      “{point.evidence}”", style="dim", markup=False)
        if point.reason:
            out.print(f"      {point.reason}", style="yellow", markup=False)


def _ask_rating(proposed: int | None) -> int:
    from mldrills.practice.review import RATING_NAMES, parse_rating

    keys = "  ".join(f"{n} {name}" for n, name in RATING_NAMES.items())
    if proposed is not None:
        name = RATING_NAMES[proposed]
        out.print(f"Proposed: [bold {RATING_STYLE[proposed]}]{name}[/] (Enter accepts)")
    while True:
        text = _read_line(f"Rate: {keys}, q quits: ").strip()
        if not text and proposed is not None:
            return proposed
        if text.lower() in QUIT:
            raise _EndOfInput
        try:
            return parse_rating(text)
        except InvalidInput as exc:
            out.print(exc.message, style="yellow", markup=False)


def _review_one(store: Any, user_id: int, item: Any, number: int) -> int:
    from mldrills.practice.review import check, rate
    from mldrills.terminal import TerminalMarkdown

    card = item.card
    out.rule(f"{number} · {card.area} · {item.kind} {card.difficulty}".strip())
    out.print(TerminalMarkdown(card.question))
    out.print("Type your answer (end with an empty line), or press Enter to reveal:", style="dim")
    shown = monotonic()
    answer = _read_answer()
    elapsed_ms = int((monotonic() - shown) * 1000)
    checked = check(card, answer)
    out.print("\n[bold]Model answer[/]")
    out.print(TerminalMarkdown(card.answer))
    _show_grade(card, checked)
    rating = _ask_rating(checked.proposed)
    rated = rate(
        store,
        user_id,
        card,
        rating,
        _now(),
        answer=answer or None,
        checked=checked,
        elapsed_ms=elapsed_ms,
    )
    out.print(f"Next review: {_when(rated.interval.total_seconds())}", style="dim")
    return rating


def _when(seconds: float) -> str:
    if seconds < 3600:
        return f"in {max(round(seconds / 60), 1)} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    return f"in {round(seconds / 86400)} days"


def run_session(store: Any, user_id: int, area: str | None, limit: int | None) -> int:
    """Review cards until the queue is empty, ``limit`` is reached or the learner quits."""
    from mldrills.practice.review import build_queue, load_cards

    cards = load_cards()
    if not cards.index.decks:
        out.print("No decks yet: concept cards live in packs/decks/<area>.toml.", style="yellow")
    queue = build_queue(store, user_id, cards, _now(), area=area)
    out.print(
        f"Today: {queue.due_total} due, {len([i for i in queue.items if i.kind == 'new'])} "
        f"new in the queue ({len(queue.items)} cards)."
    )
    done = 0
    try:
        while limit is None or done < limit:
            queue = build_queue(store, user_id, cards, _now(), area=area)
            if not queue.items:
                break
            _review_one(store, user_id, queue.items[0], done + 1)
            done += 1
    except _EndOfInput:
        out.print("\nSession ended.")
    out.print(f"Reviewed {done} card{'s' if done != 1 else ''}.")
    return done


def print_stats(store: Any, user_id: int, as_json: bool) -> None:
    """The 14-day forecast, measured retention and per-area progress."""
    from mldrills.practice.review import area_stats, due_count, forecast, retention

    now = _now()
    days = forecast(store, user_id, now)
    kept = retention(store, user_id, now)
    areas = area_stats(store, user_id, now)
    if as_json:
        data = {
            "due_now": due_count(store, user_id, now),
            "forecast": [{"date": d.isoformat(), "due": n} for d, n in days],
            "retention": kept.to_dict(),
            "areas": [a.to_dict() for a in areas.values()],
        }
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    out.print(f"Due now: {due_count(store, user_id, now)}")
    table = Table("day", "due", "", show_edge=False)
    for day, n in days:
        table.add_row(day.strftime("%a %d %b"), str(n), "█" * min(n, 60))
    out.print(table)
    rate = "no reviews of seen cards yet" if kept.rate is None else f"{kept.rate:.0%}"
    out.print(f"Retention over {kept.days} days: {rate} ({kept.recalled}/{kept.reviews})")
    per_area = Table("area", "cards", "seen", "due", "mature", "retention", show_edge=False)
    for a in areas.values():
        shown = "" if a.retention is None else f"{a.retention:.0%}"
        per_area.add_row(a.area, str(a.cards), str(a.seen), str(a.due), str(a.mature), shown)
    out.print(per_area)


def review(
    area: Annotated[str | None, typer.Option(help="Only cards of this area.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Stop after N cards.")] = None,
    stats: Annotated[bool, typer.Option("--stats", help="Show forecast and retention.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --stats: print JSON.")] = False,
) -> None:
    """Review today's cards: answer, see the rubric, rate Again/Hard/Good/Easy."""
    from mldrills.store import Store

    store = Store()
    store.migrate()
    user_id = store.local_user().id
    if stats:
        print_stats(store, user_id, as_json)
        return
    if as_json:
        raise InvalidInput("--json goes with --stats")
    run_session(store, user_id, area, limit)


@cards_app.command("export")
def export(
    area: Annotated[str | None, typer.Argument(help="Only this area's deck.")] = None,
    to: Annotated[Path, typer.Option("--out", help="The .apkg file to write.")] = Path(
        "mldrills.apkg"
    ),
) -> None:
    """Export decks to an Anki package (.apkg)."""
    from mldrills.content.anki import export_apkg
    from mldrills.content.decks import CardIndex

    index = CardIndex.load()
    decks = [index.deck(area)] if area is not None else index.decks
    notes = export_apkg(decks, to)
    out.print(f"Wrote {notes} cards from {len(decks)} deck(s) to {to}")


@cards_app.command("list")
def list_decks() -> None:
    """List the decks and how many cards each has."""
    from mldrills.content.decks import CardIndex

    table = Table("area", "title", "cards", show_edge=False)
    for deck in CardIndex.load().decks:
        table.add_row(deck.area, deck.title, str(len(deck.cards)))
    out.print(table)
