"""The story bank (/stories) and behavioral prompts (/behavioral), with their JSON API."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from mldrills.content.behavioral import BehavioralPack, load_behavioral
from mldrills.practice import behavioral, stories
from mldrills.store import UserRecord
from mldrills.store.stories import Metric
from mldrills.web.auth import User
from mldrills.web.schemas import BehavioralAnswerIn, MetricIn, StoryIn, StoryTextIn
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


def _pack(state: AppState) -> BehavioralPack:
    """The behavioral pack of the app's packs folder (read per request: edits show at once)."""
    return load_behavioral(state.catalog.root)


def _metrics(rows: list[MetricIn]) -> list[Metric]:
    return [Metric.parse(m.model_dump(), i + 1) for i, m in enumerate(rows)]


def _draft(body: StoryIn) -> stories.StoryDraft:
    return stories.StoryDraft(body.title, body.text, body.principles, _metrics(body.metrics))


def bank_data(state: AppState, user: UserRecord) -> dict[str, Any]:
    """The user's stories, each with its analysis, and the matrix with its gaps."""
    pack = _pack(state)
    rows = state.store.stories(user.id)
    return {
        "stories": [{**s.to_dict(), "analysis": stories.analysis(s.text, s.metrics)} for s in rows],
        "matrix": stories.matrix(pack, rows),
        "principles": [p.to_dict() for p in pack.principles],
    }


@router.get("/api/stories", tags=["stories"])
def api_list(state: State, user: User) -> dict[str, Any]:
    """Your stories with their analyses, the principles, and the matrix with its gaps."""
    return bank_data(state, user)


@router.post("/api/stories", tags=["stories"], status_code=201)
def api_create(state: State, user: User, body: StoryIn) -> dict[str, Any]:
    """Add a story; unknown principles are a 404 naming the principle."""
    saved = stories.save_story(state.store, user.id, _pack(state), _draft(body), None)
    return {**saved.to_dict(), "analysis": stories.analysis(saved.text, saved.metrics)}


@router.get("/api/stories/matrix", tags=["stories"])
def api_matrix(state: State, user: User) -> dict[str, Any]:
    """Stories against principles and prompts; ``gaps`` lists what has no story."""
    return stories.matrix(_pack(state), state.store.stories(user.id))


@router.post("/api/stories/analyze", tags=["stories"])
def api_analyze(body: StoryTextIn, user: User) -> dict[str, Any]:
    """STAR analysis of a draft (nothing is saved): parts, findings with sentences, advice."""
    return stories.analysis(body.text, _metrics(body.metrics))


@router.get("/api/stories/{story_id}", tags=["stories"])
def api_get(state: State, user: User, story_id: int) -> dict[str, Any]:
    """One of your stories with its analysis."""
    story = state.store.story(user.id, story_id)
    return {**story.to_dict(), "analysis": stories.analysis(story.text, story.metrics)}


@router.put("/api/stories/{story_id}", tags=["stories"])
def api_update(state: State, user: User, story_id: int, body: StoryIn) -> dict[str, Any]:
    """Replace a story's title, text, principles and metrics."""
    saved = stories.save_story(state.store, user.id, _pack(state), _draft(body), story_id)
    return {**saved.to_dict(), "analysis": stories.analysis(saved.text, saved.metrics)}


@router.delete("/api/stories/{story_id}", tags=["stories"], status_code=204)
def api_delete(state: State, user: User, story_id: int) -> Response:
    """Delete one of your stories."""
    state.store.delete_story(user.id, story_id)
    return Response(status_code=204)


@router.get("/stories/export.md", tags=["stories"])
def export(state: State, user: User) -> Response:
    """The bank as a Markdown file to download."""
    text = stories.export_markdown(_pack(state), state.store.stories(user.id))
    headers = {"Content-Disposition": 'attachment; filename="mldrills-stories.md"'}
    return Response(text, media_type="text/markdown; charset=utf-8", headers=headers)


@router.get("/stories", response_class=HTMLResponse, include_in_schema=False)
def stories_page(request: Request, state: State, user: User) -> HTMLResponse:
    """The bank, the editor with live analysis, and the matrix."""
    pack = _pack(state)
    context = {"bank": bank_data(state, user), "prompts": [p.to_dict() for p in pack.prompts]}
    return render(request, "stories.html", context, active="stories")


@router.get("/api/behavioral/prompts", tags=["behavioral"])
def api_prompts(state: State, user: User) -> list[dict[str, Any]]:
    """Every behavioral prompt with its principles, follow-ups and what to cover."""
    return [p.to_dict() for p in _pack(state).prompts]


@router.post("/api/behavioral/{slug}/answer", tags=["behavioral"])
def api_answer(state: State, user: User, slug: str, body: BehavioralAnswerIn) -> dict[str, Any]:
    """Analyze an answer to a prompt; returns the report, follow-ups and fitting stories."""
    prompt = _pack(state).prompt(slug)
    rows = state.store.stories(user.id)
    return behavioral.answer_feedback(prompt, body.answer, rows).to_dict()


@router.get("/behavioral", response_class=HTMLResponse, include_in_schema=False)
def behavioral_page(
    request: Request, state: State, user: User, prompt: str | None = None
) -> HTMLResponse:
    """The prompts; with ``?prompt=SLUG``, that prompt with an answer box."""
    pack = _pack(state)
    chosen = pack.prompt(prompt).to_dict() if prompt else None
    titles = {p.slug: p.title for p in pack.principles}
    context = {"prompts": [p.to_dict() for p in pack.prompts], "chosen": chosen, "titles": titles}
    return render(request, "behavioral.html", context, active="stories")
