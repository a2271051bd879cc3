"""Start an exercise, grade a solution, record the attempt: what the CLI and web share."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.content import Catalog, Exercise
from mldrills.errors import InvalidInput, NotFound
from mldrills.judge import Judge, Result
from mldrills.practice import review
from mldrills.store import AttemptRecord, Store

MAX_CODE_BYTES = Judge.MAX_CODE_BYTES


def workspace_file(slug: str) -> Path:
    """Where ``mldrills start`` puts the learner's copy of the starter."""
    return Path(settings.get("workspace_dir")) / slug / "solution.py"


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


def read_solution(slug: str, file: Path | None) -> str:
    """Read the code to grade: ``file`` if given, else the workspace copy."""
    path = file or workspace_file(slug)
    if not path.exists():
        if file is None:
            raise NotFound(
                f"no workspace file for {slug!r}",
                hint=f"run `mldrills start {slug}` or pass --file PATH",
            )
        raise NotFound(f"file not found: {path}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a Python file")
    data = path.read_bytes()
    if len(data) > MAX_CODE_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_CODE_BYTES // 1000} KB")
    try:
        code = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not UTF-8 text") from None
    if not code.strip():
        raise InvalidInput(f"{path} is empty", hint="write your solution in it first")
    return code


def grade_and_record(
    judge: Judge, store: Store, user_id: int, slug: str, code: str, *, submit: bool
) -> tuple[Result, AttemptRecord]:
    """Grade ``code`` (hidden checks too when ``submit``) and record the attempt."""
    result = judge.grade(slug, code, hidden=submit)
    started = store.last_start(user_id, slug)
    spent = (datetime.now(UTC) - started).total_seconds() if started else None
    record = store.record_attempt(
        user_id, slug, "submit" if submit else "test", code, result.to_dict(), time_spent_s=spent
    )
    # A failed or over-budget submission comes back later as a review card.
    review.note_attempt(store, user_id, judge.catalog.get(slug).meta, record)
    return result, record


def catalog_rows(catalog: Catalog, area: str | None) -> list[dict[str, Any]]:
    """Exercise metadata for listing; an unknown area is an error, not an empty list."""
    if area is not None and area not in catalog.areas():
        raise NotFound(f"no area named {area!r}", hint="areas: " + ", ".join(catalog.areas()))
    return [e.meta.to_dict() for e in catalog.all(area)]
