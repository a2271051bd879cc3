"""Attempt history: one attempt's code and result, and diffs between attempts."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from mldrills.practice.submissions import result_of
from mldrills.store import AttemptRecord, UserRecord
from mldrills.web.auth import User
from mldrills.web.schemas import AttemptDetailOut, AttemptOut, DiffOut
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import is_htmx, render
from mldrills.web.views.data import attempt_row

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
SCAN_LIMIT = 1000


def previous_attempt(state: AppState, attempt: AttemptRecord) -> AttemptRecord | None:
    """The user's attempt on the same exercise just before ``attempt``."""
    history = state.store.attempts(attempt.user_id, slug=attempt.slug, limit=SCAN_LIMIT)
    ids = [a.id for a in history]
    index = ids.index(attempt.id) if attempt.id in ids else -1
    return history[index + 1] if 0 <= index < len(history) - 1 else None


def diff(state: AppState, user: UserRecord, attempt_id: int, against: int | None) -> dict[str, Any]:
    """Unified diff to an attempt from ``against``, its previous attempt, or the starter."""
    attempt = state.store.attempt(user.id, attempt_id)
    base = (
        state.store.attempt(user.id, against)
        if against is not None
        else previous_attempt(state, attempt)
    )
    if base is not None:
        old, label = base.code, f"attempt #{base.id}"
    else:
        old, label = state.catalog.get(attempt.slug).starter, "starter.py"
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        attempt.code.splitlines(keepends=True),
        fromfile=label,
        tofile=f"attempt #{attempt.id}",
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    return {"attempt_id": attempt.id, "against_id": base.id if base else None, "diff": text}


def diff_lines(text: str) -> list[tuple[str, str]]:
    """Each diff line with its CSS class: file, hunk, add, del or ctx."""
    out = []
    for line in text.splitlines():
        if line.startswith(("---", "+++")):
            kind = "file"
        else:
            kind = {"@": "hunk", "+": "add", "-": "del"}.get(line[:1], "ctx")
        out.append((kind, line))
    return out


def attempt_detail(state: AppState, user: UserRecord, attempt_id: int) -> dict[str, Any]:
    """One attempt with its code, full result and the id of the attempt before it."""
    attempt = state.store.attempt(user.id, attempt_id)
    previous = previous_attempt(state, attempt)
    return {
        **attempt_row(attempt),
        "code": attempt.code,
        "result": verdict.to_dict() if (verdict := result_of(attempt)) else {},
        "previous_id": previous.id if previous else None,
    }


@router.get("/api/attempts", response_model=list[AttemptOut], tags=["attempts"])
def api_attempts(
    state: State,
    user: User,
    slug: Annotated[str | None, Query(description="Only this exercise.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict[str, Any]]:
    """Your attempts, newest first."""
    if slug is not None:
        state.catalog.get(slug)
    return [attempt_row(a) for a in state.store.attempts(user.id, slug=slug, limit=limit)]


@router.get("/api/attempts/{attempt_id}", response_model=AttemptDetailOut, tags=["attempts"])
def api_attempt(state: State, user: User, attempt_id: int) -> dict[str, Any]:
    """One of your attempts, with its code and the judge's full result."""
    return attempt_detail(state, user, attempt_id)


@router.get("/api/attempts/{attempt_id}/diff", response_model=DiffOut, tags=["attempts"])
def api_diff(
    state: State,
    user: User,
    attempt_id: int,
    against: Annotated[int | None, Query(description="Another attempt of yours.")] = None,
) -> dict[str, Any]:
    """What changed since the previous attempt (or since ``against``, or the starter)."""
    return diff(state, user, attempt_id, against)


@router.get("/attempts/{attempt_id}", response_class=HTMLResponse, include_in_schema=False)
def attempt_page(
    request: Request, state: State, user: User, attempt_id: int, against: int | None = None
) -> HTMLResponse:
    """An attempt: verdict, per-check diagnostics, the diff and the code."""
    detail = attempt_detail(state, user, attempt_id)
    changes = diff(state, user, attempt_id, against)
    others = state.store.attempts(user.id, slug=detail["slug"], limit=SCAN_LIMIT)
    context = {
        "attempt": detail,
        "exercise": state.catalog.get(detail["slug"]).meta,
        "result": detail["result"],
        "diff": changes,
        "diff_lines": diff_lines(changes["diff"]),
        "others": [attempt_row(a) for a in others if a.id != attempt_id],
    }
    return render(request, "attempt.html", context, active="exercises")


@router.get("/attempts/{attempt_id}/diff", response_class=HTMLResponse, include_in_schema=False)
def diff_fragment(request: Request, state: State, user: User, attempt_id: int) -> HTMLResponse:
    """The diff to the previous attempt, as a fragment for the history list."""
    changes = diff(state, user, attempt_id, None)
    context = {"diff": changes, "diff_lines": diff_lines(changes["diff"])}
    return render(request, "_diff.html", context)


@router.get("/exercises/{slug}/history", response_class=HTMLResponse, include_in_schema=False)
def history_fragment(request: Request, state: State, user: User, slug: str) -> HTMLResponse:
    """The attempt history of an exercise page (htmx refreshes it after each grading)."""
    state.catalog.get(slug)
    rows = [attempt_row(a) for a in state.store.attempts(user.id, slug=slug, limit=50)]
    block = "history" if is_htmx(request) else None
    context = {"history": rows, "slug": slug}
    return render(request, "_history.html", context, block=block)
