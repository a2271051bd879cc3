"""Numeric drills: the list by area, one seeded instance with its answer box, the JSON API."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from mldrills.content.drill_gen import Instance
from mldrills.content.drills import AREAS, Drill, DrillSet
from mldrills.content.pack import TOPICS
from mldrills.errors import InvalidInput
from mldrills.practice import drills as practice
from mldrills.store import UserRecord
from mldrills.web.auth import User
from mldrills.web.markdown import render as markdown
from mldrills.web.schemas import Strict
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
Seed = Annotated[
    int | None, Query(ge=0, lt=practice.MAX_SEED, description="Instance seed (default: random).")
]
AreaQuery = Annotated[str | None, Query(max_length=64, description="Only this syllabus area.")]
MAX_SECONDS = 86_400.0


Verdict = Literal["correct", "close", "mistake", "wrong"]


class DrillOut(BaseModel):
    """A drill's metadata: what it asks for, in which unit, to which tolerance."""

    slug: str
    title: str
    area: str
    summary: str
    difficulty: Literal["easy", "medium", "hard"]
    kind: str = Field(description="bytes, flops, count, number, ratio, seconds or dollars.")
    unit: str | None = Field(description="The unit answers are shown (and bare numbers read) in.")
    tolerance: float = Field(description="Relative tolerance; 0 means exact.")
    href: str


class DrillRowOut(DrillOut):
    """A drill in the list, with your answers to it."""

    answers: int
    correct: int


class AreaDrillStatsOut(BaseModel):
    """Your drill answers in one area."""

    attempts: int
    drills_tried: int
    correct: int
    correct_share: float


class AreaDrillsOut(BaseModel):
    """One syllabus area's drills."""

    area: str
    title: str
    drills: list[DrillRowOut]
    stats: AreaDrillStatsOut | None


class DrillListOut(BaseModel):
    """Drills grouped by area, in syllabus order."""

    areas: list[AreaDrillsOut]
    area: str | None


class DrillInstanceOut(DrillOut):
    """One seeded instance: the question (Markdown and HTML) and how to answer."""

    seed: int
    variant: str | None = Field(description="Which question was drawn, for drills with several.")
    params: dict[str, Any]
    question: str
    question_html: str
    tolerance_text: str
    answer_hint: str


class FeedbackOut(BaseModel):
    """The verdict on an answer; ``mistake`` is "mistakes[i]" of the drill, or "unit"."""

    verdict: Verdict
    message: str
    hint: str | None
    hint_html: str | None
    mistake: str | None
    given: float
    given_text: str
    expected: float
    expected_text: str
    relative_error: float


class StepOut(BaseModel):
    """One step of the worked solution."""

    name: str
    value: Any
    text: str
    html: str


class SolutionOut(BaseModel):
    """The worked solution and the expected answer."""

    steps: list[StepOut]
    answer: float
    answer_text: str


class DrillAnswerOut(BaseModel):
    """The feedback, the worked solution and the stored attempt's id."""

    feedback: FeedbackOut
    solution: SolutionOut
    attempt_id: int


class DrillAttemptOut(BaseModel):
    """One of your answers to a drill."""

    id: int
    slug: str
    area: str
    seed: int
    answer: str
    value: float | None
    verdict: Verdict
    mistake: str | None
    time_spent_s: float | None
    created_at: datetime


class DrillAnswerIn(Strict):
    """An answer to one instance of a drill (the seed says which instance)."""

    seed: int = Field(ge=0, lt=practice.MAX_SEED, description="The instance's seed.")
    answer: str = Field(max_length=practice.MAX_ANSWER_CHARS, description='E.g. "1.5 GiB".')
    seconds: float | None = Field(None, ge=0, le=MAX_SECONDS, description="Time taken.")


def drill_set(state: AppState) -> DrillSet:
    """The drills of the packs folder the app serves."""
    return DrillSet(state.catalog.root)


def drills_data(state: AppState, user: UserRecord, area: str | None) -> dict[str, Any]:
    """Every drill grouped by area, with the user's per-area drill stats."""
    if area is not None and area not in AREAS:
        raise InvalidInput(f"area must be one of {', '.join(AREAS)}; got {area!r}")
    stats = state.store.drill_area_stats(user.id)
    mine = state.store.drill_slug_stats(user.id)
    groups = []
    for slug in AREAS if area is None else (area,):
        rows = [_row(d, mine.get(d.slug, (0, 0))) for d in drill_set(state).all(slug)]
        if rows:
            title = TOPICS[AREAS.index(slug) + 1]
            groups.append({"area": slug, "title": title, "drills": rows, "stats": stats.get(slug)})
    return {"areas": groups, "area": area}


def _row(drill: Drill, mine: tuple[int, int]) -> dict[str, Any]:
    return {
        **drill.to_dict(),
        "href": f"/drills/{drill.slug}",
        "answers": mine[0],
        "correct": mine[1],
    }


def instance_data(instance: Instance) -> dict[str, Any]:
    """The question side of an instance, with its HTML."""
    shown = practice.describe(instance)
    return {**shown, "question_html": markdown(shown["question"]), "href": _href(instance)}


def _href(instance: Instance) -> str:
    return f"/drills/{instance.drill.slug}?seed={instance.seed}"


def _solution(instance: Instance) -> dict[str, Any]:
    solved = practice.solution(instance)
    for step in solved["steps"]:
        step["html"] = markdown(step["text"])
    return solved


def answer_data(
    state: AppState, user: UserRecord, instance: Instance, text: str, seconds: float | None
) -> dict[str, Any]:
    """Grade and record an answer; the feedback (hint as HTML) and the worked solution."""
    feedback = practice.check(instance, text)
    attempt = practice.record(state.store, user.id, instance, text, feedback, seconds)
    out = feedback.to_dict()
    out["hint_html"] = markdown(feedback.hint) if feedback.hint else None
    return {"feedback": out, "solution": _solution(instance), "attempt_id": attempt.id}


@router.get("/api/drills", response_model=DrillListOut, tags=["drills"])
def api_drills(state: State, user: User, area: AreaQuery = None) -> dict[str, Any]:
    """Drills by syllabus area, with your share of correct answers per area."""
    return drills_data(state, user, area)


@router.get("/api/drills/{slug}", response_model=DrillInstanceOut, tags=["drills"])
def api_drill(state: State, user: User, slug: str, seed: Seed = None) -> dict[str, Any]:
    """One instance of a drill: the question, the unit to answer in, the tolerance."""
    return instance_data(practice.pick(drill_set(state), slug=slug, seed=seed))


@router.post("/api/drills/{slug}/answer", response_model=DrillAnswerOut, tags=["drills"])
def api_answer(state: State, user: User, slug: str, body: DrillAnswerIn) -> dict[str, Any]:
    """Check an answer (units welcome: "1.5 GiB", "3e9", "12%"); records the attempt.

    A unit of the wrong kind ("45 ms" for a size) is a 422 with a hint, and not recorded.
    """
    instance = practice.pick(drill_set(state), slug=slug, seed=body.seed)
    return answer_data(state, user, instance, body.answer, body.seconds)


@router.get("/api/drills/{slug}/attempts", response_model=list[DrillAttemptOut], tags=["drills"])
def api_attempts(state: State, user: User, slug: str) -> list[dict[str, Any]]:
    """Your answers to this drill, newest first."""
    drill_set(state).get(slug)
    return [a.to_dict() for a in state.store.drill_attempts(user.id, slug=slug)]


@router.get("/drills", response_class=HTMLResponse, include_in_schema=False)
def drills_page(request: Request, state: State, user: User, area: AreaQuery = None) -> HTMLResponse:
    """The drills, grouped by area."""
    data = drills_data(state, user, area or None)
    return render(request, "drills.html", {**data, "all_areas": AREAS}, active="drills")


@router.get("/drills/random", include_in_schema=False)
def random_drill(state: State, user: User, area: AreaQuery = None) -> RedirectResponse:
    """A random drill (of one area, if given), as a fresh instance."""
    instance = practice.pick(drill_set(state), area=area or None)
    return RedirectResponse(_href(instance), status_code=303)


def _page(
    request: Request, instance: Instance, extra: dict[str, Any], status: int = 200
) -> HTMLResponse:
    context = {
        "drill": instance_data(instance),
        "shown_at": time.time(),
        "answer": "",
        "result": None,
        "error": None,
        **extra,
    }
    return render(request, "drill.html", context, active="drills", status=status)


@router.get("/drills/{slug}", response_class=HTMLResponse, include_in_schema=False)
def drill_page(
    request: Request, state: State, user: User, slug: str, seed: Seed = None
) -> HTMLResponse:
    """One instance of a drill with its answer box; without a seed, a fresh random one."""
    instance = practice.pick(drill_set(state), slug=slug, seed=seed)
    return _page(request, instance, {})


@router.post("/drills/{slug}", response_class=HTMLResponse, include_in_schema=False)
def drill_answer_page(
    request: Request,
    state: State,
    user: User,
    slug: str,
    seed: Annotated[int, Form(ge=0, lt=practice.MAX_SEED)],
    answer: Annotated[str, Form(max_length=practice.MAX_ANSWER_CHARS)],
    shown_at: Annotated[float | None, Form()] = None,
) -> HTMLResponse:
    """The form's answer: the page again, with the verdict, the hint and the solution."""
    instance = practice.pick(drill_set(state), slug=slug, seed=seed)
    seconds = None
    if shown_at is not None and 0 <= time.time() - shown_at <= MAX_SECONDS:
        seconds = round(time.time() - shown_at, 1)
    try:
        result = answer_data(state, user, instance, answer, seconds)
    except InvalidInput as exc:
        extra = {"answer": answer, "error": exc.to_dict(), "shown_at": shown_at}
        return _page(request, instance, extra, status=422)
    return _page(request, instance, {"answer": answer, "result": result})
