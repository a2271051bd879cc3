"""Start an exercise, grade a solution, record the attempt: what the CLI and web share."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mldrills.content import Catalog, Exercise, Meta
from mldrills.errors import NotFound
from mldrills.grading import Judge, Result
from mldrills.practice import review
from mldrills.practice.workspace import MAX_CODE_BYTES, read_solution, workspace_file
from mldrills.store import AttemptRecord, Store

__all__ = [
    "MAX_CODE_BYTES",
    "Started",
    "catalog_rows",
    "grade_and_record",
    "read_solution",
    "record",
    "start",
    "workspace_file",
]


@dataclass
class Started:
    """What ``start`` did: the file to edit and whether it already existed."""

    path: Path
    existed: bool
    started_at: datetime


def start(store: Store, user_id: int, exercise: Exercise) -> Started:
    """Copy the starter into the workspace (never overwriting work) and start the clock."""
    path = workspace_file(exercise.slug)
    existed = path.exists()
    if not existed:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(exercise.path / "starter.py", path)
    return Started(path, existed, store.start_exercise(user_id, exercise.slug))


def grade_and_record(
    judge: Judge, store: Store, user_id: int, slug: str, code: str, *, submit: bool
) -> tuple[Result, AttemptRecord]:
    """Grade ``code`` (hidden checks too when ``submit``) and record the attempt."""
    result = judge.grade(slug, code, hidden=submit)
    meta = judge.catalog.get(slug).meta
    return result, record(store, user_id, meta, code, result, submit=submit)


def record(
    store: Store, user_id: int, meta: Meta, code: str, result: Result, *, submit: bool
) -> AttemptRecord:
    """Record a graded attempt, with the time spent since the exercise was started."""
    started = store.last_start(user_id, meta.slug)
    spent = (datetime.now(UTC) - started).total_seconds() if started else None
    attempt = store.record_attempt(
        user_id,
        meta.slug,
        "submit" if submit else "test",
        code,
        result.to_dict(),
        time_spent_s=spent,
    )
    # A failed or over-budget submission comes back later as a review card.
    review.note_attempt(store, user_id, meta, attempt)
    return attempt


def catalog_rows(catalog: Catalog, area: str | None) -> list[dict[str, Any]]:
    """Exercise metadata for listing; an unknown area is an error, not an empty list."""
    if area is not None and area not in catalog.areas():
        raise NotFound(f"no area named {area!r}", hint="areas: " + ", ".join(catalog.areas()))
    return [e.meta.to_dict() for e in catalog.all(area)]
