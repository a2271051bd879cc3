"""Errors become JSON for the API and an error page for people; never a traceback."""

from __future__ import annotations

import html
import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from mldrills.errors import InvalidInput, MldrillsError
from mldrills.web.errors import BadRequest, NotAuthenticated, TooManyRequests, UnsupportedMediaType

log = logging.getLogger("mldrills.web")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def wants_json(request: Request) -> bool:
    """API paths answer in JSON; pages answer in HTML."""
    path = request.url.path
    return path.startswith("/api/") or path == "/openapi.json"


def _page(request: Request, exc: MldrillsError) -> Response:
    from mldrills.web.views.common import render

    if isinstance(exc, NotAuthenticated):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    context = {"error": exc.to_dict(), "status": exc.http_status}
    try:
        return render(request, "error.html", context, status=exc.http_status)
    except Exception:  # the page chrome itself failed (e.g. the database is down)
        log.exception("cannot render the error page")
        text = f"<h1>{exc.title}</h1><p>{html.escape(exc.message)}</p>"
        return HTMLResponse(text, status_code=exc.http_status)


def app_error(request: Request, exc: Exception) -> Response:
    """Any MldrillsError: its status and message, as JSON or as a page."""
    assert isinstance(exc, MldrillsError)
    if exc.http_status >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc.message)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequests) else None
    if wants_json(request):
        return JSONResponse(exc.to_dict(), status_code=exc.http_status, headers=headers)
    return _page(request, exc)


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for err in errors[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if isinstance(p, str | int))
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def validation_error(request: Request, exc: Exception) -> Response:
    """Malformed input: 415 for a non-JSON body, 400 for broken JSON, else 422."""
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    content_type = request.headers.get("content-type", "")
    wrapped: MldrillsError
    if request.method in BODY_METHODS and wants_json(request) and "json" not in content_type:
        wrapped = UnsupportedMediaType(
            f"expected a JSON body (Content-Type: application/json), got {content_type or 'none'}"
        )
    elif any(e.get("type") == "json_invalid" for e in errors):
        reason = next(e for e in errors if e.get("type") == "json_invalid").get("ctx", {})
        wrapped = BadRequest(f"the body is not valid JSON: {reason.get('error', 'parse error')}")
    else:
        wrapped = InvalidInput(_describe(errors))
    return app_error(request, wrapped)


def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (unknown route, wrong method) in our format."""
    assert isinstance(exc, HTTPException)
    titles = {404: "Not found", 405: "Method not allowed"}
    message = {404: f"nothing at {request.url.path}"}.get(exc.status_code, str(exc.detail))
    wrapped = MldrillsError(message)
    wrapped.http_status = exc.status_code
    wrapped.title = titles.get(exc.status_code, "Error")
    response = app_error(request, wrapped)
    response.headers.update(exc.headers or {})
    return response


def unexpected_error(request: Request, exc: Exception) -> Response:
    """A bug: log it with its traceback, show the user a plain apology."""
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    wrapped = MldrillsError("something went wrong on our side; the server log has the details")
    wrapped.http_status = 500
    wrapped.title = "Internal error"
    if wants_json(request):
        return JSONResponse(wrapped.to_dict(), status_code=500)
    return _page(request, wrapped)


def install(app: FastAPI) -> None:
    """Register every handler on ``app``."""
    app.add_exception_handler(MldrillsError, app_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
