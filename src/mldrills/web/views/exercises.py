"""The exercise list (with filters) and the exercise page: statement, editor, clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from mldrills.content.pack import DIFFICULTIES, TOPICS
from mldrills.errors import InvalidInput
from mldrills.store import UserRecord
from mldrills.web import markdown
from mldrills.web.auth import User
from mldrills.web.grader import check_size
from mldrills.web.schemas import ClockOut, DraftIn, DraftOut, ExerciseDetailOut, ExerciseOut
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import is_htmx, render
from mldrills.web.views.data import attempt_row, exercise_row, metas
from mldrills.web.views.hints import page_help

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
STATUSES = ("new", "attempted", "solved")
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class Filters:
    """What the exercise list is narrowed to; empty means no filter."""

    topic: int | None = None
    difficulty: str = ""
    status: str = ""
    torch: str = ""
    q: str = ""

    def keep(self, row: dict[str, Any]) -> bool:
        """Whether ``row`` passes every filter."""
        text = " ".join([row["slug"], row["title"], row["summary"], *row["tags"]]).lower()
        return (
            (self.topic is None or row["topic"] == self.topic)
            and (not self.difficulty or row["difficulty"] == self.difficulty)
            and (not self.status or row["status"] == self.status)
            and (not self.torch or row["needs_torch"] == (self.torch == "yes"))
            and all(word in text for word in self.q.lower().split())
        )


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value and value not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def filters(
    topic: Annotated[str, Query(description="Syllabus topic number, 1-10.")] = "",
    difficulty: Annotated[str, Query(description="easy, medium or hard.")] = "",
    status: Annotated[str, Query(description="new, attempted or solved.")] = "",
    torch: Annotated[str, Query(description="yes: needs PyTorch; no: does not.")] = "",
    q: Annotated[str, Query(max_length=200, description="Words in title, summary, tags.")] = "",
) -> Filters:
    """Parse and check the list's query parameters."""
    if topic and topic not in {str(number) for number in TOPICS}:
        raise InvalidInput(f"topic must be a syllabus section 1-10; got {topic!r}")
    return Filters(
        topic=int(topic) if topic else None,
        difficulty=_choice("difficulty", difficulty, DIFFICULTIES),
        status=_choice("status", status, STATUSES),
        torch=_choice("torch", torch, ("yes", "no")),
        q=q.strip(),
    )


def exercise_rows(state: AppState, user: UserRecord, chosen: Filters) -> list[dict[str, Any]]:
    """The catalog with the user's progress, filtered."""
    stats = state.store.stats(user.id)
    rows = [exercise_row(m, stats.get(m.slug)) for m in metas(state.catalog)]
    return [r for r in rows if chosen.keep(r)]


@router.get("/api/exercises", response_model=list[ExerciseOut], tags=["exercises"])
def api_exercises(
    state: State, user: User, chosen: Annotated[Filters, Depends(filters)]
) -> list[dict[str, Any]]:
    """List exercises with your progress; query parameters filter the list."""
    return exercise_rows(state, user, chosen)


@router.get("/exercises", response_class=HTMLResponse, include_in_schema=False)
def exercises_page(
    request: Request, state: State, user: User, chosen: Annotated[Filters, Depends(filters)]
) -> HTMLResponse:
    """The exercise list; htmx asks for just the rows when a filter changes."""
    rows = exercise_rows(state, user, chosen)
    context = {
        "rows": rows,
        "total": len(state.catalog.slugs),
        "filters": chosen,
        "topics": TOPICS,
        "difficulties": DIFFICULTIES,
        "statuses": STATUSES,
    }
    block = "rows" if is_htmx(request) else None
    return render(request, "exercises.html", context, active="exercises", block=block)


def clock(state: AppState, user: UserRecord, slug: str, budget: int) -> dict[str, Any]:
    """The exercise clock as data."""
    return {
        "slug": slug,
        "started_at": state.store.last_start(user.id, slug),
        "budget_seconds": budget,
        "server_now": datetime.now(UTC),
    }


def _initial_code(state: AppState, user: UserRecord, slug: str) -> tuple[str, str, Any]:
    """The code the editor opens with: the newer of draft and last attempt, else starter."""
    draft = state.store.draft(user.id, slug)
    last = state.store.attempts(user.id, slug=slug, limit=1)
    if last and (draft is None or last[0].created_at > draft.updated_at):
        return last[0].code, "attempt", last[0].created_at
    if draft is not None:
        return draft.code, "draft", draft.updated_at
    return state.catalog.get(slug).starter, "starter", None


def exercise_detail(
    state: AppState, user: UserRecord, slug: str, *, budget: int | None = None
) -> dict[str, Any]:
    """Everything the exercise page shows, as data."""
    ex = state.catalog.get(slug)
    code, source, saved_at = _initial_code(state, user, slug)
    history = state.store.attempts(user.id, slug=slug, limit=HISTORY_LIMIT)
    return {
        "slug": slug,
        "exercise": exercise_row(ex.meta, state.store.stats(user.id).get(slug)),
        "statement": ex.statement,
        "statement_html": markdown.render(ex.statement),
        "starter": ex.starter,
        "code": code,
        "code_source": source,
        "code_saved_at": saved_at,
        "clock": clock(state, user, slug, budget or ex.meta.time_minutes * 60),
        "history": [attempt_row(a) for a in history],
    }


@router.get("/api/exercises/{slug}", response_model=ExerciseDetailOut, tags=["exercises"])
def api_exercise(state: State, user: User, slug: str) -> dict[str, Any]:
    """One exercise: statement, starter, your last code, the clock, your attempts."""
    return exercise_detail(state, user, slug)


@router.get("/exercises/{slug}", response_class=HTMLResponse, include_in_schema=False)
def exercise_page(
    request: Request,
    state: State,
    user: User,
    slug: str,
    budget_seconds: Annotated[int | None, Query(ge=1, le=7200)] = None,
) -> HTMLResponse:
    """The exercise page; opening it the first time starts the clock."""
    state.catalog.get(slug)
    if state.store.last_start(user.id, slug) is None:
        state.store.start_exercise(user.id, slug)
    data = exercise_detail(state, user, slug, budget=budget_seconds)
    data |= page_help(state, user, slug)  # the hint ladder, and the solution once unlocked
    return render(request, "exercise.html", data, active="exercises")


@router.post("/api/exercises/{slug}/start", response_model=ClockOut, tags=["exercises"])
def api_start(state: State, user: User, slug: str) -> dict[str, Any]:
    """(Re)start the exercise clock now."""
    ex = state.catalog.get(slug)
    state.store.start_exercise(user.id, slug)
    return clock(state, user, slug, ex.meta.time_minutes * 60)


@router.get("/api/exercises/{slug}/clock", response_model=ClockOut, tags=["exercises"])
def api_clock(state: State, user: User, slug: str) -> dict[str, Any]:
    """When you started the exercise, and its time budget."""
    ex = state.catalog.get(slug)
    return clock(state, user, slug, ex.meta.time_minutes * 60)


@router.put("/api/exercises/{slug}/draft", response_model=DraftOut, tags=["exercises"])
def api_save_draft(state: State, user: User, slug: str, body: DraftIn) -> dict[str, Any]:
    """Keep the editor's contents (the page autosaves here)."""
    state.catalog.get(slug)
    check_size(body.code)
    draft = state.store.save_draft(user.id, slug, body.code)
    return {"slug": slug, "updated_at": draft.updated_at}
