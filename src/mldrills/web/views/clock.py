"""The exercise clock's API: the page sends what it saw, the server keeps the time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends

from mldrills.practice.attempts import press_start
from mldrills.store import ClockRecord, UserRecord
from mldrills.store.clock import away_limit_s
from mldrills.web.auth import User
from mldrills.web.schemas import ClockEventIn, ClockOut, ClockStartIn
from mldrills.web.state import AppState, get_state

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


def clock_out(
    slug: str, clock: ClockRecord | None, budget: int, action: str | None = None
) -> dict[str, Any]:
    """The clock as the page and the JSON API show it, computed as of now."""
    now = datetime.now(UTC)
    limit = away_limit_s()
    shown = clock.settled(now, limit) if clock is not None else None
    return {
        "slug": slug,
        "state": shown.state(now, limit) if shown else "new",
        "elapsed_s": round(shown.elapsed_s(now, limit), 3) if shown else 0.0,
        "started_at": shown.started_at if shown else None,
        "stopped_at": shown.stopped_at if shown else None,
        "paused_reason": shown.paused_reason if shown else None,
        "restarts": shown.restarts if shown else 0,
        "away_limit_s": limit,
        "budget_seconds": budget,
        "server_now": now,
        "action": action,
    }


def clock(
    state: AppState, user: UserRecord, slug: str, budget: int | None = None
) -> dict[str, Any]:
    """The user's clock on ``slug`` (the exercise's own budget unless one is given)."""
    ex = state.catalog.get(slug)
    seconds = budget or ex.meta.time_minutes * 60
    return clock_out(slug, state.store.clock(user.id, slug), seconds)


@router.get("/api/exercises/{slug}/clock", response_model=ClockOut, tags=["exercises"])
def api_clock(state: State, user: User, slug: str) -> dict[str, Any]:
    """Your clock on this exercise: its state, the time spent, the budget."""
    return clock(state, user, slug)


@router.post("/api/exercises/{slug}/clock", response_model=ClockOut, tags=["exercises"])
def api_clock_event(state: State, user: User, slug: str, body: ClockEventIn) -> dict[str, Any]:
    """Tell the clock what the page saw (an edit, pause, resume, page hidden or shown).

    An edit starts a new clock and resumes a paused one; a page unseen for longer than
    ``away_limit_s`` pauses the clock as of when it was left. Nothing here resets it.
    """
    ex = state.catalog.get(slug)
    found = state.store.clock_event(user.id, slug, body.event)
    return clock_out(slug, found, ex.meta.time_minutes * 60)


@router.post("/api/exercises/{slug}/start", response_model=ClockOut, tags=["exercises"])
def api_start(
    state: State,
    user: User,
    slug: str,
    body: Annotated[ClockStartIn | None, Body()] = None,
) -> dict[str, Any]:
    """Start the clock (or resume it when paused); ``restart: true`` sets it back to zero.

    A started clock is never reset without ``restart``: ``action`` says "kept".
    """
    ex = state.catalog.get(slug)
    restart = body.restart if body is not None else False
    found, action = press_start(state.store, user.id, slug, restart=restart)
    return clock_out(slug, found, ex.meta.time_minutes * 60, action)
