"""Progress while grading: which check runs now, reported as grading goes.

``grade_exercise(..., on_progress=fn)`` calls ``fn(Progress)`` before each check. A
hidden check's name is left out here, where it is decided, so nothing downstream can
show it before the verdict. A ``ProgressBoard`` keeps the latest progress per running
submission for whoever shows it (the web API); ``MemoryBoard`` keeps it in this
process, and a board backed by the store can let a grading worker in another process
report the same way.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from mldrills.judge.daemon import current_stream


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` checks finished; ``check`` is the one running (None: hidden)."""

    done: int
    total: int
    check: str | None
    hidden: bool

    def text(self) -> str:
        """ "Running check 4 of 12: name", or "Running hidden check 9 of 12"."""
        n = min(self.done + 1, self.total)
        if self.hidden or self.check is None:
            return f"Running hidden check {n} of {self.total}"
        return f"Running check {n} of {self.total}: {self.check}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the text a page or terminal shows."""
        return {**asdict(self), "text": self.text()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Progress:
        """Rebuild from ``to_dict`` (e.g. a message from the warm judge)."""
        check = data.get("check")
        return cls(
            int(data.get("done", 0)),
            int(data.get("total", 0)),
            str(check) if check is not None else None,
            bool(data.get("hidden")),
        )


OnProgress = Callable[[Progress], None]


class ProgressBoard(Protocol):
    """Where grading reports progress and readers find it, by submission id."""

    def report(self, submission_id: int, progress: Progress) -> None:
        """Keep ``progress`` as the submission's latest."""
        ...

    def latest(self, submission_id: int) -> Progress | None:
        """The latest progress of a running submission; None when there is none."""
        ...

    def clear(self, submission_id: int) -> None:
        """Forget the submission (it finished)."""
        ...


class MemoryBoard:
    """A ``ProgressBoard`` in this process's memory (the web's grading threads use it)."""

    def __init__(self) -> None:
        self._latest: dict[int, Progress] = {}
        self._lock = threading.Lock()

    def report(self, submission_id: int, progress: Progress) -> None:
        """Keep ``progress`` as the submission's latest."""
        with self._lock:
            self._latest[submission_id] = progress

    def latest(self, submission_id: int) -> Progress | None:
        """The latest progress, or None."""
        with self._lock:
            return self._latest.get(submission_id)

    def clear(self, submission_id: int) -> None:
        """Forget the submission."""
        with self._lock:
            self._latest.pop(submission_id, None)


_CURRENT: contextvars.ContextVar[OnProgress | None] = contextvars.ContextVar(
    "mldrills_progress", default=None
)


@contextlib.contextmanager
def reporting(fn: OnProgress | None) -> Iterator[None]:
    """Report the progress of grades run inside this block (on this thread) to ``fn``.

    For callers that reach grading through layers which do not pass ``on_progress``
    along (the web's submission pipeline, the warm judge's service).
    """
    token = _CURRENT.set(fn)
    try:
        yield
    finally:
        _CURRENT.reset(token)


@contextlib.contextmanager
def tracking(board: ProgressBoard, submission_id: int) -> Iterator[None]:
    """Keep the progress of grades run in this block on ``board`` under ``submission_id``;
    cleared when the block ends (the verdict is then the news). A listener already
    set around the block (a terminal's live line, a warm judge's client) still hears it.
    """
    outer = current()

    def report(progress: Progress) -> None:
        board.report(submission_id, progress)
        if outer is not None:
            outer(progress)

    with reporting(report):
        try:
            yield
        finally:
            board.clear(submission_id)


def current() -> OnProgress | None:
    """The listener set by ``reporting`` around this grade, if any.

    Without one, a grade run while the warm judge answers a CLI client that asked for
    progress streams it to that client.
    """
    found = _CURRENT.get()
    if found is not None:
        return found
    send = current_stream()
    if send is None:
        return None
    return lambda p: send(p.to_dict())
