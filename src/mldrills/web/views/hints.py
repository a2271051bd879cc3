"""The hint ladder, giving up, and the solution panel (editorial, mistakes, reference).

The reference and the editorial are served only after an accepted submission or a
give-up; before that the routes answer 403 with a message saying so.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from mldrills.practice.hints import HelpState, Solution, give_up, help_state, reveal_hint, solution
from mldrills.store import UserRecord
from mldrills.web import markdown
from mldrills.web.auth import User
from mldrills.web.schemas import Strict
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import is_htmx, render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


class GiveUpIn(Strict):
    """Giving up must be confirmed: the page asks first."""

    confirm: bool = Field(description="Must be true: a later solve is not clean.", strict=True)


class HelpOut(BaseModel):
    """Your hints on one exercise, whether you gave up, and how you solved it."""

    slug: str
    hints_total: int = Field(description="Rungs of the ladder; 0 when there are no hints yet.")
    hints_revealed: int
    hints: list[str] = Field(description="The revealed hints, as Markdown.")
    hints_html: list[str]
    next_rung: int | None = Field(description="The hint a reveal shows next; null when all are.")
    solved_at: datetime | None = Field(description="Your first accepted submission.")
    gave_up_at: datetime | None
    unlocked: bool = Field(description="Whether the solution and the editorial may be shown.")
    mark: str | None = Field(description="clean, hints or gave-up, once solved.")
    mark_text: str | None


class SectionOut(BaseModel):
    """One editorial section."""

    title: str
    markdown: str
    html: str


class EditorialOut(BaseModel):
    """The editorial: every hint and the three sections."""

    markdown: str
    hints: list[str]
    sections: list[SectionOut]


class MistakeOut(BaseModel):
    """A common mistake (one of the pack's buggy variants) and the check that catches it."""

    name: str
    mistake: str
    caught_by: str


class SolutionOut(HelpOut):
    """What is revealed after a solve or a give-up."""

    reference: str = Field(description="The reference solution.py.")
    reference_html: str = Field(description="The reference, highlighted.")
    editorial: EditorialOut | None = Field(description="Null while the exercise has none.")
    mistakes: list[MistakeOut]


def help_data(state: HelpState) -> dict[str, Any]:
    """The help state as JSON-ready data with the hints rendered."""
    return {**state.to_dict(), "hints_html": [markdown.render(h) for h in state.hints]}


def highlighted(code: str) -> str:
    """Python source as highlighted HTML (the same ``hl-`` classes as code in Markdown)."""
    return str(highlight(code, PythonLexer(), HtmlFormatter(nowrap=True, classprefix="hl-")))


def solution_data(shown: Solution) -> dict[str, Any]:
    """The solution as JSON-ready data with the editorial and the reference rendered."""
    data = {**shown.to_dict(), "hints_html": [markdown.render(h) for h in shown.state.hints]}
    data["reference_html"] = highlighted(shown.reference)
    if data["editorial"] is not None:
        for section in data["editorial"]["sections"]:
            section["html"] = markdown.render(section["markdown"])
        data["editorial"]["hints_html"] = [markdown.render(h) for h in data["editorial"]["hints"]]
    for mistake in data["mistakes"]:
        mistake["html"] = markdown.render(mistake["mistake"])
    return data


def page_help(state: AppState, user: UserRecord, slug: str) -> dict[str, Any]:
    """What the exercise page needs: the help state, and the solution once unlocked."""
    ex = state.catalog.get(slug)
    current = help_state(state.store, ex, user.id)
    shown = solution(state.store, ex, user.id) if current.unlocked else None
    return {"help": help_data(current), "solution": solution_data(shown) if shown else None}


@router.get("/api/exercises/{slug}/help", response_model=HelpOut, tags=["exercises"])
def api_help(state: State, user: User, slug: str) -> dict[str, Any]:
    """Your revealed hints, whether you gave up, and whether the solution is unlocked."""
    return help_data(help_state(state.store, state.catalog.get(slug), user.id))


@router.post("/api/exercises/{slug}/hints", response_model=HelpOut, tags=["exercises"])
def api_reveal_hint(state: State, user: User, slug: str) -> dict[str, Any]:
    """Reveal the next hint; before a solve it costs the "solved without hints" mark."""
    return help_data(reveal_hint(state.store, state.catalog.get(slug), user.id))


@router.post("/api/exercises/{slug}/give-up", response_model=HelpOut, tags=["exercises"])
def api_give_up(state: State, user: User, slug: str, body: GiveUpIn) -> dict[str, Any]:
    """Give up (``confirm: true``) to unlock the solution; a later solve is not clean."""
    ex = state.catalog.get(slug)
    return help_data(give_up(state.store, ex, user.id, confirmed=body.confirm))


@router.get("/api/exercises/{slug}/solution", response_model=SolutionOut, tags=["exercises"])
def api_solution(state: State, user: User, slug: str) -> dict[str, Any]:
    """The editorial, common mistakes and reference; 403 before a solve or a give-up."""
    return solution_data(solution(state.store, state.catalog.get(slug), user.id))


@router.get("/exercises/{slug}/solution", response_class=HTMLResponse, include_in_schema=False)
def solution_page(request: Request, state: State, user: User, slug: str) -> HTMLResponse:
    """The solution panel (a fragment for the exercise page); 403 before it is unlocked."""
    ex = state.catalog.get(slug)
    data = solution_data(solution(state.store, ex, user.id))
    context = {"solution": data, "exercise": ex.meta.to_dict()}
    block = "panel" if is_htmx(request) else None
    return render(request, "solution.html", context, active="exercises", block=block)
