"""Sections still to come, the offline API reference, and a health check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from mldrills.errors import NotFound
from mldrills.web.auth import User
from mldrills.web.nav import SECTIONS, section, sections_data
from mldrills.web.schemas import SectionOut
from mldrills.web.views.common import render

router = APIRouter()
METHODS = ("get", "post", "put", "delete", "patch")


@router.get("/api/sections", response_model=list[SectionOut], tags=["app"])
def api_sections() -> list[dict[str, Any]]:
    """The app's sections; ``ready: false`` marks those still to come."""
    return sections_data()


@router.get("/healthz", tags=["app"])
def health() -> dict[str, str]:
    """Liveness probe for a reverse proxy or supervisor."""
    return {"status": "ok"}


def api_reference(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI paths as rows: method, path, summary, description, parameters."""
    rows = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "tag": (op.get("tags") or ["other"])[0],
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": [p["name"] for p in op.get("parameters", []) if p["in"] == "query"],
                    "body": "requestBody" in op,
                }
            )
    return rows


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs_page(request: Request, user: User) -> HTMLResponse:
    """The API reference, drawn from /openapi.json without any CDN."""
    rows = api_reference(request.app.openapi())
    return render(request, "docs.html", {"endpoints": rows}, active="")


def _soon(request: Request, key: str) -> HTMLResponse:
    found = section(key)
    if found is None:
        raise NotFound(f"no section named {key!r}")
    context = {"section": found, "coming": [s for s in SECTIONS if not s.ready]}
    return render(request, "soon.html", context, active=key)


def _soon_page(key: str) -> Any:
    def page(request: Request, user: User) -> HTMLResponse:
        return _soon(request, key)

    page.__doc__ = f"The {key} section: coming soon."
    return page


def _register_soon() -> None:
    for s in SECTIONS:
        if not s.ready:
            router.add_api_route(
                s.href,
                _soon_page(s.key),
                methods=["GET"],
                response_class=HTMLResponse,
                include_in_schema=False,
            )


_register_soon()
