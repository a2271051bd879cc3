"""Mock loops (/mocks, /mocks/<id>) and the study plan (/plan), with their JSON API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from mldrills.content.behavioral import load_behavioral
from mldrills.content.prompts import get_prompt
from mldrills.errors import InvalidInput, MldrillsError
from mldrills.practice import mock_grading, mocks, plan
from mldrills.practice.submissions import submit
from mldrills.store import UserRecord
from mldrills.store.mocks import MAX_ANSWER_CHARS, MockRecord
from mldrills.web.auth import User
from mldrills.web.markdown import content_url
from mldrills.web.markdown import render as markdown
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render
from mldrills.web.views.data import metas

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


class AnswerIn(BaseModel):
    """The whole text typed so far for one part of an item."""

    text: str = Field(max_length=MAX_ANSWER_CHARS)
    part: str = Field(default="", max_length=32)


class ClockIn(BaseModel):
    """Run or pause the current round's clock."""

    running: bool


def _item_view(packs: mocks.Packs, round_: Any, item: Any) -> dict[str, Any]:
    view: dict[str, Any] = {"id": item.id, "kind": item.kind, "ref": item.ref}
    if item.kind == "card":
        card = packs.cards.get(item.ref)
        view["question"] = card.question if card else item.ref
    elif item.kind == "exercise":
        exercise = packs.catalog.get(item.ref)
        view["question"] = exercise.meta.title
        view["statement"] = exercise.statement
        view["starter"] = (exercise.path / "starter.py").read_text(encoding="utf-8")
    elif item.kind == "design":
        prompt = get_prompt(item.ref, packs.root)
        view["question"] = prompt.title
        view["statement"] = prompt.prompt
        view["phases"] = [p.to_dict() for p in mocks.design_phases(round_)]
    else:
        view["question"] = load_behavioral(packs.root).prompt(item.ref).question
    view["answers"] = dict(item.answers)
    # Cards, statements and prompts are Markdown with math; the page shows them rendered.
    view["question_html"] = markdown(view["question"])
    if "statement" in view:
        view["statement_html"] = markdown(view["statement"])
    return view


def mock_data(state: AppState, record: MockRecord) -> dict[str, Any]:
    """A mock as JSON-ready data: rounds with clocks, the current round's items, the report."""
    packs = mocks.Packs.load(state.catalog.root)
    current = mocks.current_round(record)
    return {
        "id": record.id,
        "kind": record.kind,
        "seed": record.seed,
        "created_at": record.created_at.isoformat(),
        "finished_at": record.finished_at.isoformat() if record.finished_at else None,
        "current": record.current,
        "rounds": [
            {
                "id": r.id,
                "position": r.position,
                "title": r.title,
                "kind": r.kind,
                "area": r.area,
                "minutes": r.minutes,
                "clock": mocks.clock(r),
                "result": r.result,
            }
            for r in record.rounds
        ],
        "items": [_item_view(packs, current, i) for i in current.items] if current else [],
        "report": record.report,
        "next": _with_hrefs((record.report or {}).get("next", [])),
    }


def href(link: str) -> str:
    """The app URL of a report or plan link (``page:/path`` or a content link)."""
    scheme, _, target = link.partition(":")
    return target if scheme == "page" else content_url(scheme, target)


def _with_hrefs(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**i, "href": href(i["link"])} for i in items]


def _grader(state: AppState, user: UserRecord) -> mocks.CodeGrader:
    def grade(slug: str, code: str) -> dict[str, Any]:
        exercise = state.judge.catalog.get(slug)
        done = submit(state.store, state.judge, user.id, exercise, code, hidden=True)
        assert done.result is not None  # graded here, not queued
        return done.result.to_dict()

    return grade


def _weakness(state: AppState, user: UserRecord) -> dict[str, float]:
    inputs = plan.gather(
        state.store, user.id, state.catalog.root, metas(state.catalog), state.store.stats(user.id)
    )
    return plan.weakness([i.progress for i in inputs], state.store.mocks(user.id))


def _start(
    state: AppState, user: UserRecord, kind: str, minutes: str, coding_rounds: int
) -> MockRecord:
    parsed = mocks.parse_minutes(minutes)
    mocks.sequence_of(kind, coding_rounds)  # a bad request fails before any content loads
    return mocks.start(
        state.store,
        user.id,
        kind,
        weakness=_weakness(state, user),
        minutes=parsed,
        coding_rounds=coding_rounds,
        root=state.catalog.root,
    )


@router.get("/api/mocks", tags=["mocks"])
def api_list(state: State, user: User) -> list[dict[str, Any]]:
    """Your mocks, newest first, with their state and score."""
    return [
        {
            "id": m.id,
            "kind": m.kind,
            "created_at": m.created_at.isoformat(),
            "finished": m.finished_at is not None,
            "current": m.current,
            "rounds": len(m.rounds),
            "score": (m.report or {}).get("score"),
        }
        for m in state.store.mocks(user.id)
    ]


@router.post("/api/mocks", tags=["mocks"], status_code=201)
def api_start(
    state: State, user: User, kind: str, minutes: str = "", coding_rounds: int = 1
) -> dict[str, Any]:
    """Start a screen or onsite mock (minutes like ``ml=20,coding=40``; an onsite may have
    ``coding_rounds=2``)."""
    return mock_data(state, _start(state, user, kind, minutes, coding_rounds))


@router.get("/api/mocks/{mock_id}", tags=["mocks"])
def api_get(state: State, user: User, mock_id: int) -> dict[str, Any]:
    """One mock: rounds with their clocks, the current round's items with saved text, report."""
    return mock_data(state, state.store.mock(user.id, mock_id))


@router.put("/api/mocks/{mock_id}/items/{item_id}", tags=["mocks"])
def api_save(
    state: State, user: User, mock_id: int, item_id: int, body: AnswerIn
) -> dict[str, Any]:
    """Store the text typed so far (the page sends it a moment after each change)."""
    saved = mocks.save_answer(state.store, user.id, mock_id, item_id, body.text, body.part)
    return {"saved_at": saved.isoformat()}


@router.post("/api/mocks/{mock_id}/clock", tags=["mocks"])
def api_clock(state: State, user: User, mock_id: int, body: ClockIn) -> dict[str, Any]:
    """Pause or resume the current round's clock; returns the clock."""
    record = mocks.pause(state.store, user.id, mock_id, running=body.running)
    current = mocks.current_round(record)
    if current is None:
        raise InvalidInput(f"mock {mock_id} is finished")
    return mocks.clock(current)


@router.post("/api/mocks/{mock_id}/finish-round", tags=["mocks"])
def api_finish_round(state: State, user: User, mock_id: int) -> dict[str, Any]:
    """Grade the current round (the exercise by the judge) and move on; the last one reports."""
    state.store.mock(user.id, mock_id)  # NotFound before any content is loaded
    packs = mocks.Packs.load(state.catalog.root)
    record = mock_grading.finish_round(
        state.store, user.id, mock_id, _grader(state, user), packs=packs
    )
    return mock_data(state, record)


@router.get("/mocks", response_class=HTMLResponse, include_in_schema=False)
def mocks_page(request: Request, state: State, user: User) -> HTMLResponse:
    """The list of mocks and the forms that start one."""
    context = {"mocks": api_list(state, user), "defaults": mocks.DEFAULT_MINUTES}
    return render(request, "mocks.html", context, active="mocks")


@router.post("/mocks", include_in_schema=False)
def start_form(
    state: State,
    user: User,
    kind: Annotated[str, Form(max_length=16)],
    minutes: Annotated[str, Form(max_length=80)] = "",
    coding_rounds: Annotated[int, Form()] = 1,
) -> RedirectResponse:
    """Start a mock from the form and open it."""
    record = _start(state, user, kind, minutes, coding_rounds)
    return RedirectResponse(f"/mocks/{record.id}", status_code=303)


@router.get("/mocks/{mock_id}", response_class=HTMLResponse, include_in_schema=False)
def mock_page(request: Request, state: State, user: User, mock_id: int) -> HTMLResponse:
    """The round under way with its clock and saved text, or the report."""
    data = mock_data(state, state.store.mock(user.id, mock_id))
    return render(request, "mock.html", {"data": data}, active="mocks")


@router.post("/mocks/{mock_id}/finish-round", include_in_schema=False)
def finish_form(state: State, user: User, mock_id: int) -> RedirectResponse:
    """Finish the round from the page's form."""
    api_finish_round(state, user, mock_id)
    return RedirectResponse(f"/mocks/{mock_id}", status_code=303)


def plan_data(state: AppState, user: UserRecord) -> dict[str, Any] | None:
    """The user's study plan, or None before a date is set."""
    data = plan.for_user(
        state.store, user.id, state.catalog.root, metas(state.catalog), state.store.stats(user.id)
    )
    if data is not None:
        data["items"] = _with_hrefs(data["items"])
    return data


@router.get("/api/plan", tags=["plan"])
def api_plan(state: State, user: User) -> dict[str, Any]:
    """The study plan: days left, minutes and weakness per area, today's items."""
    data = plan_data(state, user)
    if data is None:
        raise InvalidInput("no study plan yet; set an interview date and hours per day")
    return data


@router.get("/plan", response_class=HTMLResponse, include_in_schema=False)
def plan_page(request: Request, state: State, user: User) -> HTMLResponse:
    """The study plan page with its settings form (and why no plan shows, if it cannot)."""
    try:
        data, problem = plan_data(state, user), None
    except MldrillsError as exc:
        data, problem = None, exc.message
    return render(request, "plan.html", {"plan": data, "problem": problem}, active="dashboard")


@router.post("/plan", include_in_schema=False)
def plan_form(
    state: State,
    user: User,
    date: Annotated[str, Form(max_length=10)],
    hours: Annotated[float, Form()],
) -> RedirectResponse:
    """Set the interview date and hours per day."""
    plan.set_plan(state.store, user.id, plan.parse_date(date), hours)
    return RedirectResponse("/plan", status_code=303)
