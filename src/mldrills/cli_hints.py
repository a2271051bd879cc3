"""``mldrills hint``, ``giveup`` and ``editorial``: the hint ladder and the solution reveal."""

from __future__ import annotations

import json
import re
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.syntax import Syntax

from mldrills.cli_text import inline
from mldrills.errors import InvalidInput

out = Console(highlight=False, soft_wrap=True)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _context(slug: str) -> tuple[Any, Any, int]:
    """The exercise, a migrated store and the local user's id."""
    from mldrills.content import Catalog
    from mldrills.store import Store

    exercise = Catalog().get(slug)
    store = Store()
    store.migrate()
    return exercise, store, store.local_user().id


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


_MATH = re.compile(r"(?<!\\)\$\$(.+?)\$\$|(?<!\\)\$(.+?)\$", re.DOTALL)


def _text(markdown: str) -> str:
    """One hint's Markdown as terminal text: math as plain text, like ``mldrills guide``."""
    from mldrills.content.mathtext import tex_to_text

    text = _MATH.sub(lambda m: tex_to_text(m.group(1) or m.group(2)), markdown)
    return text.replace("\\$", "$")


def hint(slug: str, as_json: JsonOpt = False) -> None:
    """Reveal the next hint of an exercise (before a solve, it costs the "solved without
    hints" mark); the hints already revealed are shown again above it."""
    from mldrills.practice.hints import reveal_hint

    exercise, store, user = _context(slug)
    with store:
        state = reveal_hint(store, exercise, user)
    if as_json:
        _print_json(state.to_dict())
        return
    for n, text in enumerate(state.hints, 1):
        style = "bold" if n == len(state.hints) else "dim"
        out.print(f"Hint {n} of {state.hints_total}: ", style=style, end="")
        out.print(inline(_text(text)))
    if state.solved_at is None:
        out.print("This exercise will not count as solved without hints.", style="yellow")
    if state.next_rung is None:
        out.print(inline(f"That was the last hint; `mldrills giveup {slug}` shows the solution."))


def giveup(
    slug: str,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Give up on an exercise and see the reference solution and the editorial; a later
    solve counts as "solved after giving up"."""
    from mldrills.practice.hints import give_up

    exercise, store, user = _context(slug)
    with store:
        if not yes:
            _confirm(slug)
        state = give_up(store, exercise, user, confirmed=True)
    if as_json:
        _print_json(state.to_dict())
        return
    if state.solved_at is not None:
        out.print("You solved it already, so nothing was recorded.")
    else:
        out.print(f"Recorded: you gave up on {slug}.")
    editorial(slug)


def _confirm(slug: str) -> None:
    if not sys.stdin.isatty():
        raise InvalidInput(
            f"giving up on {slug} needs confirmation", hint="run it in a terminal, or add --yes"
        )
    question = f"Give up on {slug} and see the solution? A later solve will not count as clean"
    if not typer.confirm(question, default=False):
        raise typer.Exit(1)


def editorial(slug: str, as_json: JsonOpt = False) -> None:
    """Show the reference solution, the editorial and the common mistakes (after you solve
    the exercise or give up)."""
    from mldrills.practice.hints import solution

    exercise, store, user = _context(slug)
    with store:
        shown = solution(store, exercise, user)
    if as_json:
        _print_json(shown.to_dict())
        return
    _print_solution(shown, exercise.meta.title)


def _print_solution(shown: Any, title: str) -> None:
    from mldrills.terminal import TerminalMarkdown  # markdown-it: only when shown

    state = shown.state
    status = state.to_dict()["mark_text"] or "given up"
    out.print(f"[bold]{title}[/]  ({status})")
    if shown.editorial is None:
        out.print("This exercise has no editorial yet.", style="dim")
    else:
        out.print(TerminalMarkdown(shown.editorial.markdown))
        out.print("\n[bold]Hints[/]")
        for n, text in enumerate(shown.editorial.hints, 1):
            out.print(f"  {n}. ", end="")
            out.print(inline(_text(text)))
    if shown.mistakes:
        out.print("\n[bold]Common mistakes[/] (and the check that catches each)")
        for m in shown.mistakes:
            out.print("  - ", end="")
            out.print(inline(m.text).append(f"  [{m.caught_by}]", style="dim"))
    out.print("\n[bold]Reference solution[/] (solution.py)")
    out.print(Syntax(shown.reference, "python", line_numbers=True, word_wrap=True), soft_wrap=False)
