"""The exercise list (with filters) and the exercise page: statement, editor, clock."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from mldrills.content.pack import DIFFICULTIES, TOPICS
from mldrills.errors import InvalidInput
from mldrills.practice.exercise_list import (
    SORTS,
    STATUSES,
    ListQuery,
    exercise_list,
    exercise_row,
    make_query,
)
from mldrills.store import UserRecord
from mldrills.web import markdown
from mldrills.web.auth import User
from mldrills.web.grader import check_size
from mldrills.web.schemas import DraftIn, DraftOut, ExerciseDetailOut, ExerciseOut
from mldrills.web.state import AppState, get_state
from mldrills.web.views.clock import clock
from mldrills.web.views.common import is_htmx, render
from mldrills.web.views.data import attempt_row, metas
from mldrills.web.views.hints import page_help

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
HISTORY_LIMIT = 50


def filters(
    request: Request,
    topic: Annotated[str, Query(description="Syllabus topic number, 1-10.")] = "",
    area: Annotated[str, Query(description="Syllabus area slug (llm) or pack folder.")] = "",
    difficulty: Annotated[str, Query(description="easy, medium or hard.")] = "",
    status: Annotated[str, Query(description="new, attempted, solved or due.")] = "",
    torch: Annotated[str, Query(description="yes: needs PyTorch; no: does not.")] = "",
    q: Annotated[str, Query(max_length=200, description="Words in title, summary, tags.")] = "",
    sort: Annotated[
        str, Query(max_length=20, description=f"One of {', '.join(SORTS)}; -name: descending.")
    ] = "",
) -> ListQuery:
    """Parse and check the list's query parameters."""
    if topic and topic not in {str(number) for number in TOPICS}:
        raise InvalidInput(f"topic must be a syllabus section 1-10; got {topic!r}")
    state: AppState = get_state(request)
    return make_query(
        area=topic or area,
        folders=state.catalog.areas(),
        difficulty=difficulty,
        status=status,
        torch=torch,
        q=q,
        sort=sort,
    )


def exercise_rows(state: AppState, user: UserRecord, chosen: ListQuery) -> list[dict[str, Any]]:
    """The catalog with the user's progress, filtered and sorted."""
    return exercise_list(state.store, user.id, metas(state.catalog), chosen)


# Columns whose first click sorts newest or most first; the others start ascending.
DESCENDING_FIRST = ("solved", "last", "attempts")


def sort_links(request: Request, chosen: ListQuery) -> dict[str, dict[str, str]]:
    """For each sortable column: the URL that sorts by it and its ``aria-sort`` state."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "sort" and v]
    links = {}
    for key in SORTS:
        current = chosen.sort_key == key
        if current:
            target = key if chosen.descending else f"-{key}"
            state = "descending" if chosen.descending else "ascending"
        else:
            target = f"-{key}" if key in DESCENDING_FIRST else key
            state = "none"
        href = "/exercises?" + urlencode([*params, ("sort", target)])
        links[key] = {"href": href, "aria_sort": state}
    return links


@router.get("/api/exercises", response_model=list[ExerciseOut], tags=["exercises"])
def api_exercises(
    state: State, user: User, chosen: Annotated[ListQuery, Depends(filters)]
) -> list[dict[str, Any]]:
    """List exercises with your progress; query parameters filter the list."""
    return exercise_rows(state, user, chosen)


@router.get("/exercises", response_class=HTMLResponse, include_in_schema=False)
def exercises_page(
    request: Request, state: State, user: User, chosen: Annotated[ListQuery, Depends(filters)]
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
        "sort_links": sort_links(request, chosen),
    }
    block = "rows" if is_htmx(request) else None
    return render(request, "exercises.html", context, active="exercises", block=block)


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
        "clock": clock(state, user, slug, budget),
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
    """The exercise page; opening it does not start the clock (an edit or Start does)."""
    state.catalog.get(slug)
    data = exercise_detail(state, user, slug, budget=budget_seconds)
    data |= page_help(state, user, slug)  # the hint ladder, and the solution once unlocked
    return render(request, "exercise.html", data, active="exercises")


@router.put("/api/exercises/{slug}/draft", response_model=DraftOut, tags=["exercises"])
def api_save_draft(state: State, user: User, slug: str, body: DraftIn) -> dict[str, Any]:
    """Keep the editor's contents (the page autosaves here)."""
    state.catalog.get(slug)
    check_size(body.code)
    draft = state.store.save_draft(user.id, slug, body.code)
    return {"slug": slug, "updated_at": draft.updated_at}
