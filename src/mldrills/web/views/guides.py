"""Topic guides: the syllabus areas, and one area's guide with math and resolved links."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from mldrills.content.guides import load_guide
from mldrills.content.knowledge import area_summaries
from mldrills.content.syllabus import Area, Syllabus, load_syllabus, syllabus_path
from mldrills.errors import MldrillsError, NotFound
from mldrills.store import UserRecord
from mldrills.web import markdown
from mldrills.web.auth import User
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


def syllabus_of(state: AppState) -> Syllabus:
    """The syllabus of the packs the app serves; packs without one have no guides (404)."""
    if not syllabus_path(state.catalog.root).is_file():
        raise NotFound(
            f"the packs in {state.catalog.root} have no syllabus.toml, so no guides",
            hint="docs/knowledge.md describes the syllabus",
        )
    return load_syllabus(state.catalog.root)


def anchor(title: str) -> str:
    """A section's HTML id: ``Core knowledge`` -> ``core-knowledge``."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def guides_data(state: AppState) -> dict[str, Any]:
    """Every area with its counts and a link to its guide."""
    areas = area_summaries(syllabus_of(state))
    for row in areas:
        row["href"] = f"/guides/{row['slug']}"
    return {"areas": areas}


def _exercises(state: AppState, area: Area, stats: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for slug in area.exercises:
        try:
            meta = state.catalog.get(slug).meta
        except MldrillsError:
            continue  # `mldrills check` reports a broken or missing exercise
        solved = bool(stats.get(slug, {}).get("passes"))
        out.append(
            {"slug": slug, "title": meta.title, "href": f"/exercises/{slug}", "solved": solved}
        )
    return out


def guide_detail(state: AppState, user: UserRecord, slug: str) -> dict[str, Any]:
    """One area's guide: Markdown and HTML by section, links, and the area's practice items."""
    syllabus = syllabus_of(state)
    area = syllabus.area(slug)
    path = syllabus.path(area.guide)
    if not path.is_file():
        raise NotFound(f"area {slug!r} has no guide yet", hint="/guides lists the areas")
    guide = load_guide(path, area.slug)
    data = guide.to_dict()
    for section, rendered in zip(data["sections"], guide.sections, strict=True):
        section["id"] = anchor(rendered.title)
        section["html"] = markdown.render(rendered.body)
    pivots = [syllabus.area(p) for p in area.pivots if p in syllabus.slugs]
    return {
        **data,
        "number": area.number,
        "pivots": [{"slug": p.slug, "title": p.title, "href": f"/guides/{p.slug}"} for p in pivots],
        "practice": {
            "exercises": _exercises(state, area, dict(state.store.stats(user.id))),
            "deck": {"area": area.slug, "href": markdown.content_url("deck", area.slug)},
            "drills": [{"slug": d, "href": markdown.content_url("drill", d)} for d in area.drills],
            "prompts": [
                {"slug": s, "href": markdown.content_url("prompt", s)} for s in area.prompts
            ],
        },
    }


@router.get("/api/guides", tags=["guides"])
def api_guides(state: State, user: User) -> dict[str, Any]:
    """The syllabus areas in order, each with its exercise, card and drill counts."""
    return guides_data(state)


@router.get("/api/guides/{area}", tags=["guides"])
def api_guide(state: State, user: User, area: str) -> dict[str, Any]:
    """One area's topic guide: its eight sections as Markdown and HTML, and its links."""
    return guide_detail(state, user, area)


@router.get("/guides", response_class=HTMLResponse, include_in_schema=False)
def guides_page(request: Request, state: State, user: User) -> HTMLResponse:
    """The list of areas and their guides."""
    return render(request, "guides.html", guides_data(state), active="guides")


@router.get("/guides/{area}", response_class=HTMLResponse, include_in_schema=False)
def guide_page(request: Request, state: State, user: User, area: str) -> HTMLResponse:
    """One topic guide."""
    # Nested: the page chrome has its own ``sections`` (the navigation).
    context = {"guide": guide_detail(state, user, area)}
    return render(request, "guide.html", context, active="guides")
