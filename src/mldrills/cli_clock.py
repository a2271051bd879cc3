"""``mldrills start`` and ``mldrills clock``: the exercise clock in the terminal.

The clock is the one the web app shows (kept in the store): it never resets without
``--restart``, and that asks first.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.console import Console

from mldrills.cli_text import markup
from mldrills.errors import InvalidInput

out = Console(highlight=False, soft_wrap=True)
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before a restart.")]


def _context(slug: str) -> tuple[Any, Any, int]:
    """The exercise, a migrated store and the local user's id."""
    from mldrills.content import Catalog
    from mldrills.store import Store

    exercise = Catalog().get(slug)
    store = Store()
    store.migrate()
    return exercise, store, store.local_user().id


def _mmss(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def describe(clock: Any, budget_minutes: int) -> str:
    """One line about a clock: its state and the time on it."""
    from mldrills.store.clock import away_limit_s
    from mldrills.store.models import utcnow

    now, limit = utcnow(), away_limit_s()
    state = clock.state(now, limit)
    spent = _mmss(clock.elapsed_s(now, limit))
    if state == "stopped":
        return f"solved in {spent} (stopped at the first accepted submission)"
    if state == "paused":
        why = " (the page was away)" if clock.paused_reason == "away" else ""
        return f"paused{why} at {spent} of {budget_minutes} min"
    return f"running: {spent} of {budget_minutes} min"


def run_start(slug: str, restart: bool, yes: bool) -> None:
    """Copy the starter and start the clock; a started clock is kept unless ``restart``."""
    from mldrills.practice.attempts import start as start_exercise

    exercise, store, user_id = _context(slug)
    minutes = exercise.meta.time_minutes
    if restart and not yes:
        current = store.clock(user_id, slug)
        if current is not None:
            question = f"Set the clock on {slug} back to 0:00? It is {describe(current, minutes)}."
            if not typer.confirm(question, default=False):
                raise typer.Exit(1)
    started = start_exercise(store, user_id, exercise, restart=restart)
    verb = "Your file is still at" if started.existed else "Starter copied to"
    out.print(f"{verb} [bold]{started.path}[/]")
    line = describe(started.clock, minutes)
    if started.action == "kept":
        out.print(f"The clock was already started and is kept: {line}.")
        out.print(markup(f"`mldrills start {slug} --restart` sets it back to zero (it asks)."))
        return
    out.print(f"Clock {started.action}: {line}.")
    out.print(
        markup(
            f"`mldrills test {slug}` runs the visible checks, `mldrills submit {slug}` the "
            f"hidden ones; `mldrills clock {slug} --pause` pauses the clock."
        )
    )


def clock(
    slug: str,
    pause: Annotated[bool, typer.Option("--pause", help="Pause the clock.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Resume a paused clock.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the exercise's clock (the web app's too); pause or resume it."""
    if pause and resume:
        raise InvalidInput("give --pause or --resume, not both")
    exercise, store, user_id = _context(slug)
    found = store.clock(user_id, slug)
    if found is not None and (pause or resume):
        found = store.clock_event(user_id, slug, "pause" if pause else "resume")
    if as_json:
        out.print_json(json.dumps(_as_json(found, exercise.meta.time_minutes)))
        return
    if found is None:
        out.print(markup(f"The clock on {slug} has not started: `mldrills start {slug}`."))
        return
    out.print(f"{slug}: {describe(found, exercise.meta.time_minutes)}")


def _as_json(clock: Any, minutes: int) -> dict[str, Any]:
    from mldrills.store.clock import away_limit_s
    from mldrills.store.models import utcnow

    if clock is None:
        return {"state": "new", "elapsed_s": 0.0, "budget_seconds": minutes * 60}
    now, limit = utcnow(), away_limit_s()
    return {
        "state": clock.state(now, limit),
        "elapsed_s": round(clock.elapsed_s(now, limit), 3),
        "started_at": clock.started_at.isoformat(),
        "stopped_at": clock.stopped_at.isoformat() if clock.stopped_at else None,
        "paused_reason": clock.paused_reason,
        "restarts": clock.restarts,
        "budget_seconds": minutes * 60,
    }
