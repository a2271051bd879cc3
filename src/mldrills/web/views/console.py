"""The console's API: run your code on a typed input, next to the reference's answer.

Nothing here is a submission: a console run is neither queued nor stored, and it never
changes the clock, the attempts or the progress. It runs on a slot of the same warm
judge (sandboxed children), on the request's thread, limited per user.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from mldrills.errors import InvalidInput
from mldrills.grading import console_input
from mldrills.grading.console import REPR_CHARS, console, example
from mldrills.web.auth import User
from mldrills.web.errors import TooManyRequests
from mldrills.web.grader import check_size
from mldrills.web.schemas import Strict
from mldrills.web.state import AppState, get_state

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]
PER_MINUTE = 30  # console runs per user per minute
RUNNING = 1  # console runs per user at once


class ConsoleIn(Strict):
    """Your code and what to run: a call per line, or ``entry`` plus its arguments."""

    code: str = Field(description="The whole solution file (at most 200,000 bytes of UTF-8).")
    input: str = Field(
        description="Lines such as `f([1, 2], k=3)` or `obj = Cls(2)` then `obj.get(1)`; "
        "with `entry`, just the arguments: `[1, 2], k=3`. At most 64 KB and 10,000 numbers."
    )
    entry: str | None = Field(None, description="An entry point to call with `input` as arguments.")


class ErrorOut(BaseModel):
    """What went wrong on one side of one line."""

    kind: str = Field(description="exception, timeout, memory, died, exit, input, not run...")
    type: str | None = None
    message: str
    line: int | None = Field(None, description="The line of your code it was raised at.")


class OutcomeOut(BaseModel):
    """One side's value (or error) on one line."""

    status: str = Field(description="ok, error or not run")
    value: str = Field("", description=f"A repr of the value, at most {REPR_CHARS} characters.")
    type: str = ""
    shape: list[int] | None = None
    dtype: str | None = None
    wall_ms: float | None = None
    cpu_ms: float | None = Field(None, description="CPU time of the child, from the kernel.")
    output: str = Field("", description="What your code printed on this line.")
    error: ErrorOut | None = None


class RowOut(BaseModel):
    """One line of the input that ran code."""

    line: int
    statement: str
    yours: OutcomeOut
    reference: OutcomeOut
    agree: bool | None = Field(
        description="Close (floats) or equal (the rest); null when not comparable. "
        "Information only: the checks decide a verdict."
    )
    note: str = ""


class ConsoleOut(BaseModel):
    """Each line's outcome for your code and for the reference."""

    slug: str
    rows: list[RowOut]
    load_error: str = Field("", description="Why your file could not be loaded, if it could not.")
    reference_error: str = ""
    notes: list[str] = []
    timings: dict[str, float] = {}


class ConsoleInfoOut(BaseModel):
    """What the console accepts for one exercise, and an example input."""

    slug: str
    entrypoints: list[str]
    example: str = Field(description="Taken from the first visible checks' calls.")
    max_bytes: int
    max_elements: int
    max_lines: int
    seconds: float = Field(description="Time for all the lines, per side.")


class ConsoleLimiter:
    """At most ``RUNNING`` console runs per user at once and ``PER_MINUTE`` a minute."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[int, int] = {}
        self._recent: dict[int, deque[float]] = {}

    def enter(self, user_id: int) -> None:
        """Take a place for one run, or raise ``TooManyRequests``."""
        now = time.monotonic()
        with self._lock:
            recent = self._recent.setdefault(user_id, deque())
            while recent and now - recent[0] > 60:
                recent.popleft()
            if self._running.get(user_id, 0) >= RUNNING:
                raise TooManyRequests(
                    "your previous console run is still running", hint="wait for it", retry_after=2
                )
            if len(recent) >= PER_MINUTE:
                wait = int(60 - (now - recent[0])) + 1
                raise TooManyRequests(
                    f"at most {PER_MINUTE} console runs a minute", retry_after=wait
                )
            recent.append(now)
            self._running[user_id] = self._running.get(user_id, 0) + 1

    def leave(self, user_id: int) -> None:
        """Give the place back."""
        with self._lock:
            self._running[user_id] = max(0, self._running.get(user_id, 0) - 1)


def limiter(request: Request) -> ConsoleLimiter:
    """The app's console limiter (made on first use)."""
    found = getattr(request.app.state, "console_limiter", None)
    if found is None:
        found = request.app.state.console_limiter = ConsoleLimiter()
    assert isinstance(found, ConsoleLimiter)
    return found


@router.get(
    "/api/exercises/{slug}/console",
    response_model=ConsoleInfoOut,
    tags=["console"],
    responses={404: {"description": "No such exercise"}},
)
def api_console_info(state: State, user: User, slug: str) -> dict[str, Any]:
    """The console's limits and an example input for this exercise."""
    exercise = state.catalog.get(slug)
    return {
        "slug": slug,
        "entrypoints": list(exercise.meta.entrypoints),
        "example": example(state.judge, exercise),
        "max_bytes": console_input.MAX_TEXT,
        "max_elements": console_input.MAX_ELEMENTS,
        "max_lines": console_input.MAX_STATEMENTS,
        "seconds": float(exercise.meta.limits.check_seconds),
    }


@router.post(
    "/api/exercises/{slug}/console",
    response_model=ConsoleOut,
    tags=["console"],
    responses={
        404: {"description": "No such exercise"},
        413: {"description": "Code over 200,000 bytes, or input over 64 KB / 10,000 numbers"},
        422: {"description": "Input the console cannot read (it says what is allowed)"},
        429: {"description": "A console run of yours is running, or 30 in the last minute"},
    },
)
def api_console(
    request: Request, state: State, user: User, slug: str, body: ConsoleIn
) -> dict[str, Any]:
    """Run the input on your code and on the reference, each in a sandboxed child.

    Not a submission: nothing is stored and the clock does not move.
    """
    exercise = state.catalog.get(slug)
    check_size(body.code)
    text = body.input
    if body.entry is not None:
        if body.entry not in exercise.meta.entrypoints:
            raise InvalidInput(
                f"`{body.entry}` is not an entry point of this exercise",
                hint=f"one of: {', '.join(exercise.meta.entrypoints)}",
            )
        text = console_input.call_text(body.entry, body.input)
    console_input.parse(text, exercise.meta.entrypoints)  # a bad input never takes a place
    limits = limiter(request)
    limits.enter(user.id)
    try:
        return console(state.judge, exercise, body.code, text).to_dict()
    finally:
        limits.leave(user.id)
