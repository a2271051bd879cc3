"""Readiness and Prometheus metrics for operators (``/healthz`` lives in pages.py).

``/readyz`` says whether this server can take submissions now: the database answers and
grading is available. It names each part and its state, never details such as the
database address, so it may be public. ``/metrics`` answers requests from this machine,
and from elsewhere only with ``Authorization: Bearer <MLDRILLS_METRICS_TOKEN>``.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from mldrills import metrics, settings
from mldrills.errors import Forbidden, MldrillsError
from mldrills.ops import health
from mldrills.web.state import AppState, get_state

router = APIRouter()


def judge_check(state: AppState) -> health.Check:
    """The web app's judge has a running fork server (started again if it had died)."""
    try:
        alive = state.judge.server().alive()
    except MldrillsError as exc:
        return health.Check("grading", False, exc.message)
    return health.Check("grading", alive, "judge fork server " + ("running" if alive else "down"))


def readiness(state: AppState) -> list[health.Check]:
    """The checks behind /readyz."""
    return [health.ping(state.store), judge_check(state)]


@router.get("/readyz", include_in_schema=False)
def ready(request: Request) -> JSONResponse:
    """Readiness probe: 200 when every part is up, 503 naming the parts that are not."""
    checks = readiness(get_state(request))
    ok = not health.failed(checks)
    body = {"ready": ok, "checks": {c.name: c.state for c in checks}}
    return JSONResponse(body, status_code=200 if ok else 503)


def _is_local(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _has_token(request: Request) -> bool:
    token = settings.get("metrics_token")
    sent = request.headers.get("authorization", "")
    scheme, _, value = sent.partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(value, token)


def queue_state(state: AppState) -> dict[str, Any]:
    """Gauges read from the store: submissions without a verdict yet, and the workers.

    With the embedded grader the web process itself is the one worker.
    """
    return {"queue_depth": state.store.unfinished_submissions(), "workers": 1}


@router.get("/metrics", include_in_schema=False)
def prometheus(request: Request) -> Response:
    """Prometheus metrics (text format) for this machine or a holder of the token."""
    if not (_is_local(request) or _has_token(request)):
        refused = Forbidden(
            "metrics are served to this machine only",
            hint="set MLDRILLS_METRICS_TOKEN and send it as a Bearer token",
        )  # JSON for a scraper, not the error page
        return JSONResponse(refused.to_dict(), status_code=refused.http_status)
    body = metrics.exposition(queue_state(get_state(request)))
    return Response(body, media_type=metrics.CONTENT_TYPE)
