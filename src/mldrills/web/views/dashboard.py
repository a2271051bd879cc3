"""The dashboard: what to do next, streak, progress by topic, and plots over time."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from mldrills.errors import MldrillsError
from mldrills.practice.hints import solve_marks
from mldrills.practice.progress import knowledge_progress
from mldrills.store import UserRecord
from mldrills.web import progress
from mldrills.web.auth import User
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render
from mldrills.web.views.data import metas
from mldrills.web.views.mocks import plan_data

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
ATTEMPTS_SCANNED = 5000


def today_plan(state: AppState, user: UserRecord) -> tuple[dict[str, Any] | None, str | None]:
    """The study plan (None before one is set) or why it cannot be made (a past date...)."""
    try:
        return plan_data(state, user), None
    except MldrillsError as exc:
        return None, exc.message


def dashboard_data(state: AppState, user: UserRecord) -> dict[str, Any]:
    """The dashboard as JSON-ready data."""
    attempts = state.store.attempts(user.id, limit=ATTEMPTS_SCANNED)
    stats = state.store.stats(user.id)
    now = datetime.now(UTC)
    known = metas(state.catalog)
    data = progress.dashboard(known, stats, attempts, now.date())
    marks = solve_marks(state.store, user.id, stats)
    data["marks"] = {m.slug: marks[m.slug] for m in known if m.slug in marks}
    data["totals"]["clean_solves"] = list(data["marks"].values()).count("clean")
    data["knowledge"] = knowledge_progress(
        state.store, user.id, state.catalog.root, known, stats, now
    )
    data["plan"], data["plan_problem"] = today_plan(state, user)
    return data


@router.get("/api/dashboard", tags=["dashboard"])
def api_dashboard(state: State, user: User) -> dict[str, Any]:
    """Totals, streak (UTC days), up to five suggestions, progress per topic, and series.

    ``knowledge`` has per-area progress across exercises, cards and drills, the cards
    due now and by the end of the UTC day, and ``problem`` when the syllabus is broken.

    ``plan`` is the study plan with ``items`` for today (null before a date is set;
    ``plan_problem`` says why it could not be made).

    ``marks`` says how each solved exercise was solved: ``clean`` (without hints),
    ``hints`` or ``gave-up``; ``totals.clean_solves`` counts the clean ones.

    ``series`` has daily ``attempts`` and submission ``pass_rate`` (percent, null on days
    without submissions) for the last 30 ``days`` (Unix seconds), and each solve's time.
    """
    return dashboard_data(state, user)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def dashboard_page(request: Request, state: State, user: User) -> HTMLResponse:
    """The dashboard page."""
    return render(request, "dashboard.html", dashboard_data(state, user), active="dashboard")
