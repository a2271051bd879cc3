"""System design: the prompt list, a timed session page with autosaved notes, the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from mldrills.content.prompts import get_prompt
from mldrills.errors import InvalidInput
from mldrills.practice import design as practice
from mldrills.practice import diagram as dg
from mldrills.store.design import MAX_DIAGRAM_CHARS, MAX_NOTE_CHARS, DesignSessionRecord
from mldrills.web.auth import User
from mldrills.web.markdown import render as markdown
from mldrills.web.schemas import Strict
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
SessionQuery = Annotated[int | None, Query(ge=1, description="A session of yours.")]


class PromptSummaryOut(BaseModel):
    """A design prompt in a list."""

    slug: str
    title: str
    areas: list[str]
    difficulty: Literal["medium", "hard"]
    summary: str
    point_count: int


class NumberOut(BaseModel):
    """A back-of-envelope figure, computed from the prompt's assumptions."""

    name: str
    label: str
    expr: str
    expect: float
    unit: str | None
    value: float
    text: str = Field(description='The value in its unit, e.g. "2.56 GB".')


class PromptOut(PromptSummaryOut):
    """A prompt in full, with its rubric, outline and figures."""

    prompt: str
    prompt_html: str
    clarifying: list[str]
    follow_ups: list[str]
    outline: str
    outline_html: str
    assumptions: dict[str, float]
    numbers: list[NumberOut]
    sections: list[dict[str, Any]] = Field(
        description="id, title and rubric points of each section."
    )


class PhaseOut(BaseModel):
    """One phase of a session's plan."""

    id: str
    title: str
    minutes: float
    guidance: str


class SessionOut(BaseModel):
    """A stored session: the plan, the current phase, the notes per phase, the sketch."""

    id: int
    slug: str
    phases: list[PhaseOut]
    phase: int
    phase_started_at: datetime
    diagram: str
    notes: dict[str, str]
    self_assessment: dict[str, int] | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class ClockOut(BaseModel):
    """Where the session stands; ``left_s`` is negative when the phase overran."""

    phase: str
    title: str
    index: int
    used_s: float
    left_s: float
    budget_s: float
    total_minutes: float
    elapsed_s: float = Field(description="Seconds since the start (until the finish).")
    finished: bool


class DiagramOut(BaseModel):
    """The sketch parsed, drawn as SVG and as text, with one message per bad line."""

    nodes: list[str]
    edges: list[dict[str, str]]
    problems: list[str]
    svg: str
    text: str


class SessionDataOut(BaseModel):
    """A session with its clock and sketch, and the feedback once it is finished."""

    session: SessionOut
    clock: ClockOut
    diagram: DiagramOut
    feedback: dict[str, Any] | None = Field(
        description="Coverage, sections with points (made, evidence, phase), missed points, "
        "follow-ups and the self-assessment form; null until the session is finished."
    )


class SavedOut(BaseModel):
    """Notes were stored."""

    saved: bool
    updated_at: datetime


class StartIn(Strict):
    """Phase lengths in minutes (clarify, high level, deep dives, wrap-up); defaults 5,10,20,5."""

    minutes: list[float] | None = Field(None, max_length=len(practice.PHASES))


class NotesIn(Strict):
    """The whole text of one phase's notes (it replaces what was saved)."""

    text: str = Field(max_length=MAX_NOTE_CHARS)


class DiagramIn(Strict):
    """The architecture sketch, one `a -> b: label` per line."""

    text: str = Field(max_length=MAX_DIAGRAM_CHARS)


class PhaseIn(Strict):
    """The phase to move to, by id."""

    phase: str = Field(max_length=32)


class FinishIn(Strict):
    """The self-assessment (each item rated 1-4), or nothing."""

    self_assessment: dict[str, int] | None = None


def _root(state: AppState) -> str:
    return str(state.catalog.root)


def session_data(state: AppState, record: DesignSessionRecord) -> dict[str, Any]:
    """A session with its clock, its sketch drawn, and feedback once finished."""
    sketch = dg.parse(record.diagram)
    out: dict[str, Any] = {
        "session": record.to_dict(),
        "clock": practice.clock(record),
        "diagram": {**sketch.to_dict(), "svg": dg.to_svg(sketch), "text": dg.to_text(sketch)},
        "feedback": None,
    }
    if record.finished_at is not None:
        out["feedback"] = practice.feedback(record, root=_root(state)).to_dict()
    return out


def _prompt_data(state: AppState, slug: str) -> dict[str, Any]:
    prompt = get_prompt(slug, _root(state))
    return {
        **prompt.to_dict(),
        "prompt_html": markdown(prompt.prompt),
        "outline_html": markdown(prompt.outline),
        "numbers": [n.to_dict() for n in prompt.numbers],
    }


@router.get("/api/design", response_model=list[PromptSummaryOut], tags=["design"])
def api_prompts(state: State, user: User) -> list[dict[str, Any]]:
    """The system-design prompts (broken files left out; `mldrills check` names them)."""
    prompts, _ = practice.list_prompts(_root(state))
    return [p.to_dict(full=False) for p in prompts]


@router.get("/api/design/{slug}", response_model=PromptOut, tags=["design"])
def api_prompt(state: State, user: User, slug: str) -> dict[str, Any]:
    """One prompt in full: statement, clarifying questions, rubric, follow-ups, outline."""
    return _prompt_data(state, slug)


@router.post("/api/design/{slug}/sessions", response_model=SessionDataOut, tags=["design"])
def api_start(state: State, user: User, slug: str, body: StartIn) -> dict[str, Any]:
    """Start a timed session on the prompt."""
    record = practice.start(state.store, user.id, slug, body.minutes, root=_root(state))
    return session_data(state, record)


@router.get("/api/design/sessions/{session_id}", response_model=SessionDataOut, tags=["design"])
def api_session(state: State, user: User, session_id: int) -> dict[str, Any]:
    """A session: notes, sketch, clock, and feedback once finished."""
    return session_data(state, state.store.design_session(user.id, session_id))


@router.put(
    "/api/design/sessions/{session_id}/notes/{phase}", response_model=SavedOut, tags=["design"]
)
def api_notes(
    state: State, user: User, session_id: int, phase: str, body: NotesIn
) -> dict[str, Any]:
    """Save one phase's notes (the page calls this as you type)."""
    record = practice.save_notes(state.store, user.id, session_id, phase, body.text)
    return {"saved": True, "updated_at": record.updated_at.isoformat()}


@router.put("/api/design/sessions/{session_id}/diagram", response_model=DiagramOut, tags=["design"])
def api_diagram(state: State, user: User, session_id: int, body: DiagramIn) -> dict[str, Any]:
    """Save the sketch; returns it drawn as SVG and as text, with any line problems."""
    sketch = practice.save_diagram(state.store, user.id, session_id, body.text)
    return {**sketch.to_dict(), "svg": dg.to_svg(sketch), "text": dg.to_text(sketch)}


@router.post("/api/design/sessions/{session_id}/phase", response_model=ClockOut, tags=["design"])
def api_phase(state: State, user: User, session_id: int, body: PhaseIn) -> dict[str, Any]:
    """Move to another phase; its clock starts now."""
    record = practice.set_phase(state.store, user.id, session_id, body.phase)
    return practice.clock(record)


@router.post(
    "/api/design/sessions/{session_id}/finish", response_model=SessionDataOut, tags=["design"]
)
def api_finish(state: State, user: User, session_id: int, body: FinishIn) -> dict[str, Any]:
    """Finish the session (optionally with a self-assessment) and get the feedback."""
    answers = dict(body.self_assessment) if body.self_assessment is not None else None
    record = practice.finish(state.store, user.id, session_id, answers)
    return session_data(state, record)


@router.get("/design", response_class=HTMLResponse, include_in_schema=False)
def design_list(request: Request, state: State, user: User) -> HTMLResponse:
    """The prompts and your recent sessions."""
    prompts, problems = practice.list_prompts(_root(state))
    recent = state.store.design_sessions(user.id, limit=10)
    titles = {p.slug: p.title for p in prompts}
    context = {"prompts": prompts, "problems": problems, "recent": recent, "titles": titles}
    return render(request, "design.html", context, active="design")


@router.get("/design/{slug}", response_class=HTMLResponse, include_in_schema=False)
def design_page(
    request: Request, state: State, user: User, slug: str, session: SessionQuery = None
) -> HTMLResponse:
    """The prompt with a Start button, or one session: phases, clock, notes, sketch, feedback."""
    prompt = _prompt_data(state, slug)
    context: dict[str, Any] = {
        "prompt": prompt,
        "phases": practice.PHASES,
        "form": practice.SELF_ASSESSMENT,
        "data": None,
        "past": state.store.design_sessions(user.id, slug=slug, limit=10),
    }
    if session is not None:
        record = state.store.design_session(user.id, session)
        if record.slug != slug:
            raise InvalidInput(f"session {session} is on another prompt ({record.slug})")
        context["data"] = session_data(state, record)
    return render(request, "design_session.html", context, active="design")


@router.post("/design/{slug}/start", include_in_schema=False)
def design_start(
    state: State, user: User, slug: str, minutes: Annotated[str, Form(max_length=60)] = ""
) -> RedirectResponse:
    """The Start form: a new session, then its page."""
    parsed = practice.parse_minutes(minutes) if minutes.strip() else None
    record = practice.start(state.store, user.id, slug, parsed, root=_root(state))
    return RedirectResponse(f"/design/{slug}?session={record.id}", status_code=303)


@router.post("/design/sessions/{session_id}/assess", include_in_schema=False)
async def design_assess(
    request: Request, state: State, user: User, session_id: int
) -> RedirectResponse:
    """The self-assessment form (also finishes the session)."""
    form = await request.form()
    answers = {item: str(form.get(item, "")) for item, _ in practice.SELF_ASSESSMENT}
    record = practice.finish(state.store, user.id, session_id, answers)
    return RedirectResponse(f"/design/{record.slug}?session={record.id}", status_code=303)
