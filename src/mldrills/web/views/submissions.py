"""Submitting code for grading and reading the verdict, as JSON and as a live panel."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from mldrills.practice.submissions import result_of
from mldrills.store import SubmissionRecord
from mldrills.web.auth import User
from mldrills.web.schemas import SubmissionCreated, SubmissionIn, SubmissionOut
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import is_htmx, render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


def submission_data(record: SubmissionRecord) -> dict[str, Any]:
    """A submission with its verdict once there is one (the ``Result`` every client reads).

    ``status`` is pending or running, then the verdict's pass, fail or error; a
    submission that ended without a verdict (cancelled, judge failure) is an error
    whose message says why.
    """
    result = result_of(record)
    data: dict[str, Any] = result.to_dict() if result is not None else {}
    data.update(
        id=record.id,
        slug=record.slug,
        status=result.status if result is not None else record.state,
        state=record.state,
        hidden=record.hidden,
        created_at=record.created_at,
        finished_at=record.finished_at,
        attempt_id=record.attempt_id,
    )
    return data


def live_data(state: AppState, record: SubmissionRecord) -> dict[str, Any]:
    """``submission_data`` plus, while it runs, the check running now (from the judge's board)."""
    data = submission_data(record)
    if not record.finished:
        found = state.judge.board.latest(record.id)
        if found is not None:
            data["progress"] = found.to_dict()
    return data


@router.post(
    "/api/exercises/{slug}/submissions",
    status_code=202,
    response_model=SubmissionCreated,
    tags=["submissions"],
    responses={
        404: {"description": "No such exercise"},
        413: {"description": "Code over Judge.MAX_CODE_BYTES (200,000 bytes)"},
        415: {"description": "Body is not JSON"},
        429: {"description": "Too many submissions waiting"},
    },
)
def api_submit(state: State, user: User, slug: str, body: SubmissionIn) -> dict[str, Any]:
    """Queue code for grading; poll the returned url until its status is final."""
    state.catalog.get(slug)
    record = state.grader.submit(user.id, slug, body.code, hidden=body.hidden)
    return {"id": record.id, "status": "pending", "url": f"/api/submissions/{record.id}"}


@router.get("/api/submissions/{submission_id}", response_model=SubmissionOut, tags=["submissions"])
def api_submission(state: State, user: User, submission_id: int) -> dict[str, Any]:
    """A submission's status: pending, running, then pass, fail or error with every check."""
    return live_data(state, state.store.submission(user.id, submission_id))


@router.post(
    "/api/submissions/{submission_id}/cancel",
    response_model=SubmissionOut,
    tags=["submissions"],
    responses={404: {"description": "No such submission of yours"}},
)
def api_cancel(state: State, user: User, submission_id: int) -> dict[str, Any]:
    """Stop a submission that waits or runs; poll it until its status is final ("error",
    message "cancelled: ..."). A finished submission is returned as it is."""
    return submission_data(state.grader.cancel(user.id, submission_id))


@router.get("/submissions/{submission_id}", response_class=HTMLResponse, include_in_schema=False)
def submission_panel(
    request: Request, state: State, user: User, submission_id: int
) -> HTMLResponse:
    """The result panel; while grading runs it polls itself, then announces the verdict."""
    record = state.store.submission(user.id, submission_id)
    data = live_data(state, record)
    headers = None
    if record.finished:
        event = {
            "status": data["status"],
            "state": record.state,  # done: a verdict (the status badge follows it)
            "hidden": record.hidden,
            "id": record.id,
        }
        headers = {"HX-Trigger": json.dumps({"mldrills-graded": event})}
    block = "panel" if is_htmx(request) else None
    context = {"sub": data, "slug": record.slug}
    return render(request, "submission.html", context, block=block, headers=headers)
