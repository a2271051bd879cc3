"""Helpers every view shares: rendering templates with the page chrome, htmx detection."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from mldrills.errors import MldrillsError
from mldrills.store import UserRecord
from mldrills.web.auth import optional_user
from mldrills.web.nav import SECTIONS
from mldrills.web.sessions import CSRF_FIELD, CSRF_HEADER, csrf_token
from mldrills.web.state import AppState, get_state


def is_htmx(request: Request) -> bool:
    """Whether htmx sent the request (it wants a fragment, not a whole page)."""
    return request.headers.get("HX-Request") == "true"


def _prefs(state: AppState, user: UserRecord | None) -> dict[str, Any] | None:
    if user is None:
        return None
    try:
        return state.store.prefs(user.id).to_dict()
    except MldrillsError:  # an error page still renders when the database is down
        return None


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    active: str = "",
    status: int = 200,
    block: str | None = None,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render ``template`` (or one ``block`` of it) with the page chrome's variables."""
    state = get_state(request)
    user = optional_user(request)
    full = {
        "request": request,
        "user": user,
        # The theme and editor settings, for prefs.js to apply before the page paints.
        "prefs": _prefs(state, user),
        "multi_user": state.config.multi_user,
        "csrf_token": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "csrf_header": CSRF_HEADER,
        "sections": SECTIONS,
        "active": active,
        **context,
    }
    kwargs: dict[str, Any] = {"status_code": status, "headers": headers}
    if block is not None:
        kwargs["block_name"] = block
    response = state.templates.TemplateResponse(request, template, full, **kwargs)
    assert isinstance(response, HTMLResponse)
    return response


def iso(value: datetime | None) -> str | None:
    """An ISO 8601 timestamp, or None."""
    return value.isoformat() if value is not None else None
