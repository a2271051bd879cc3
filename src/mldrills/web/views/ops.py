"""Readiness and Prometheus metrics for operators (``/healthz`` lives in pages.py).

``/readyz`` says whether this server can take submissions now: the database and the
grading queue answer, and something grades (its embedded worker, or a live worker). It
names each part and its state, never details such as the database address, so it may be
public. ``/metrics`` answers requests from this machine, and from elsewhere only with
``Authorization: Bearer <MLDRILLS_METRICS_TOKEN>``.
"""

from __future__ import annotations

import hmac
import ipaddress
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from mldrills import metrics, settings
from mldrills.errors import Forbidden, MldrillsError
from mldrills.jobs import grading_state
from mldrills.ops import health
from mldrills.web.state import AppState, get_state

router = APIRouter()


def grading_check(state: AppState) -> health.Check:
    """Something grades: this server's embedded worker (its judge's fork server running,
    started again if it had died), or, when it grades nothing itself, a live worker."""
    if state.grader.worker is None:
        seen = len(state.store.workers())
        detail = f"{seen} workers seen in the last 30 s" if seen else "no worker seen in 30 s"
        return health.Check("grading", seen > 0, detail)
    try:
        alive = state.judge.server().alive()
    except MldrillsError as exc:
        return health.Check("grading", False, exc.message)
    return health.Check("grading", alive, "embedded worker's judge " + ("up" if alive else "down"))


def readiness(state: AppState) -> list[health.Check]:
    """The checks behind /readyz: database, queue, grading (each guarded)."""
    checks = [health.ping(state.store), health.queue(state.grader.queue)]
    checks.append(health.guarded("grading", lambda: grading_check(state)))
    return checks


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
    """Gauges read from the store: submissions waiting and being graded, live workers
    (the embedded one of ``mldrills serve`` included)."""
    return dict(grading_state(state.store))


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
