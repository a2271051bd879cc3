"""The console for the CLI: in the warm judge (its ``console`` requests) or in this command.

A console run is not an attempt: nothing is recorded and the clock does not move.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mldrills.content import Exercise
from mldrills.errors import ConfigError, InvalidInput
from mldrills.grading import console_input
from mldrills.grading.console import console, example


def console_text(exercise: Exercise, text: str | None, entry: str | None) -> str | None:
    """The console input: ``text`` as typed, or ``entry(text)`` when an entry point is named."""
    if entry is None:
        return text
    if entry not in exercise.meta.entrypoints:
        raise InvalidInput(
            f"`{entry}` is not an entry point of {exercise.slug}",
            hint=f"one of: {', '.join(exercise.meta.entrypoints)}",
        )
    return console_input.call_text(entry, text or "")


def run(judge: Any, exercise: Exercise, code: str, text: str | None) -> dict[str, Any]:
    """Run ``text`` (the example when None) and return what the CLI shows, as data."""
    used = text if text is not None else example(judge, exercise)
    result = console(judge, exercise, code, used)
    return {"input": used, "example": text is None, "console": result.to_dict()}


def handle(service: Any, request: dict[str, Any]) -> dict[str, Any]:
    """Answer the warm judge's ``console`` request (slug, code, input, digest, packs_dir)."""
    slug, code, digest = request.get("slug"), request.get("code"), request.get("digest")
    text = request.get("input")
    if not (isinstance(slug, str) and isinstance(code, str) and isinstance(digest, str)):
        raise InvalidInput("a console request needs slug, code and digest as text")
    if text is not None and not isinstance(text, str):
        raise InvalidInput("a console request's input must be text")
    packs = Path(str(request.get("packs_dir"))).resolve()
    if packs != service.root:
        raise ConfigError(f"this judge runs packs from {service.root}, not {packs}")
    exercise = service.exercise(slug, digest)
    return {"ok": True, **run(service.judge, exercise, code, text)}


def run_here(catalog: Any, exercise: Exercise, code: str, text: str | None) -> dict[str, Any]:
    """Run with a judge started for this command alone."""
    from mldrills.grading import Judge

    with Judge(catalog, preload_torch=exercise.meta.needs_torch) as judge:
        return run(judge, exercise, code, text)
