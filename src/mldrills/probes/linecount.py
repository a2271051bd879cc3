"""Count the Python line events a call runs: a unit of work that machine load cannot move.

Used by the growth checks on small inputs. The count covers the calling thread and any
thread started through ``threading`` during the call. It runs inside the child, so the
submission could tamper with it; the supervisor therefore only lets a count fail a
submission (a count can be inflated, never usefully), and backs a passing count with
the kernel's CPU time, which the child cannot reach.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

Tracer = Callable[[FrameType, str, Any], Any]


class CountLimit(BaseException):
    """Raised inside the counted code once it ran more events than the caller allowed.

    A BaseException, so the submission's ``except Exception`` does not swallow it.
    """


def counted_call(
    fn: Callable[..., Any],
    args: tuple[Any, ...] | list[Any],
    kwargs: dict[str, Any],
    limit: int | None = None,
    *,
    threads: bool = True,
) -> tuple[Any, int | None]:
    """Call ``fn``; return its value and the line (and call) events it ran.

    Past ``limit`` events the call is stopped and the count is ``limit + 1``: the growth
    is already too steep, and a quadratic loop need not run to its end. The count is None
    when the call replaced or removed the tracer, so a submission that switches counting
    off cannot pass for one that did no work. ``threads=False`` leaves threads started
    meanwhile alone (the supervisor counting trusted code while serving other requests).
    """
    events = [0]
    cap = limit if limit is not None else sys.maxsize

    def local(frame: FrameType, event: str, arg: Any) -> Tracer:
        events[0] += 1
        if events[0] > cap:
            raise CountLimit
        return local

    saved, saved_threads = sys.gettrace(), threading.gettrace()
    sys.settrace(local)
    if threads:
        threading.settrace(local)
    value: Any = None
    intact = False
    try:
        value = fn(*args, **kwargs)
    except CountLimit:
        pass
    finally:
        intact = sys.gettrace() is local and (not threads or threading.gettrace() is local)
        sys.settrace(saved)
        if threads:
            threading.settrace(saved_threads)
    if events[0] > cap:
        return value, cap + 1
    return value, events[0] if intact else None
