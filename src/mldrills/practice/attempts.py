"""Start an exercise and its clock, time an attempt, compare its speed: CLI and web share it.

Submitting and recording a verdict is ``practice.submissions``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mldrills.content import Catalog, Exercise
from mldrills.errors import NotFound
from mldrills.grading import Result
from mldrills.practice.workspace import MAX_CODE_BYTES, read_solution, workspace_file
from mldrills.store import ClockRecord, Store
from mldrills.store.clock import away_limit_s
from mldrills.store.models import utcnow

__all__ = [
    "MAX_CODE_BYTES",
    "Started",
    "catalog_rows",
    "compare_with_earlier",
    "press_start",
    "read_solution",
    "start",
    "time_spent",
    "workspace_file",
]


@dataclass
class Started:
    """What ``start`` did: the file to edit, whether it existed, and the clock.

    ``action`` is "started" (a new clock), "restarted", "resumed" (it was paused) or
    "kept" (already running or stopped: nothing reset without ``restart``).
    """

    path: Path
    existed: bool
    clock: ClockRecord
    action: str


def start(store: Store, user_id: int, exercise: Exercise, *, restart: bool = False) -> Started:
    """Copy the starter into the workspace (never overwriting work) and start the clock.

    A clock that already runs is left alone; a paused one resumes; only ``restart``
    sets it back to zero.
    """
    path = workspace_file(exercise.slug)
    existed = path.exists()
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exercise.path / "starter.py", path)
    clock, action = press_start(store, user_id, exercise.slug, restart=restart)
    return Started(path, existed, clock, action)


def press_start(
    store: Store, user_id: int, slug: str, *, restart: bool = False
) -> tuple[ClockRecord, str]:
    """Start the clock, or resume it when paused; only ``restart`` sets it back to zero.

    Returns the clock and what was done: started, restarted, resumed or kept.
    """
    before = store.clock(user_id, slug)
    if restart or before is None:
        event, action = ("restart", "restarted") if before else ("start", "started")
    elif before.state(utcnow(), away_limit_s()) == "paused":
        event, action = "resume", "resumed"
    else:
        return before, "kept"
    clock = store.clock_event(user_id, slug, event)
    assert clock is not None  # start, resume and restart always leave a clock
    return clock, action


def time_spent(store: Store, user_id: int, slug: str, *, solved: bool) -> float | None:
    """Seconds on the clock for an attempt now; a first accepted submission stops it.

    None without a clock, and after the clock stopped: time after the first solve is
    not the learner's time to solve, and only an explicit restart times a new one.
    """
    clock = store.clock(user_id, slug)
    if clock is None or clock.stopped_at is not None:
        return None
    if solved:
        stopped = store.stop_clock(user_id, slug)
        return stopped.banked_s if stopped is not None else None
    return clock.elapsed_s(utcnow(), away_limit_s())


def compare_with_earlier(store: Store, user_id: int, slug: str, result: Result) -> None:
    """Fill the speed figure's comparison with the user's earlier timed passes (newest first)."""
    if result.speed is None:
        return
    ratios = []
    for attempt in store.attempts(user_id, slug=slug, limit=200, passed=True):
        timed = attempt.result.get("speed")
        if isinstance(timed, dict) and isinstance(timed.get("ratio"), int | float):
            ratios.append(float(timed["ratio"]))
    if ratios:
        result.speed.earlier_best = min(ratios)
        result.speed.earlier_last = ratios[0]
        result.speed.earlier_passes = len(ratios)


def catalog_rows(catalog: Catalog, area: str | None) -> list[dict[str, Any]]:
    """Exercise metadata for listing; an unknown area is an error, not an empty list."""
    if area is not None and area not in catalog.areas():
        raise NotFound(f"no area named {area!r}", hint="areas: " + ", ".join(catalog.areas()))
    return [e.meta.to_dict() for e in catalog.all(area)]
