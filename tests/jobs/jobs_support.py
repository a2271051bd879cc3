"""Helpers of the queue tests: the fixture packs, a fake judge, polling."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mldrills.content import Catalog
from mldrills.grading import Judge, Result
from mldrills.grading.results import CheckResult
from mldrills.judge.cancel import CANCELLED

ECHO_PACKS = Path(__file__).resolve().parents[1] / "judge" / "packs"


def in_ci() -> bool:
    """True under CI, where a skipped PostgreSQL or Redis case would hide a failure."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


class FakeJudge(Judge):
    """A judge without a fork server, recording what it graded.

    ``FAIL`` in the code fails; ``HOLD`` waits until ``release`` is set (or a cancel);
    ``BOOM`` raises a plain exception.
    """

    def __init__(self, catalog: Catalog, slots: int = 2) -> None:
        super().__init__(catalog, isolation="off", slots=slots, preload_torch=False)
        self.release = threading.Event()
        self.release.set()
        self.graded: list[str] = []
        self._graded_lock = threading.Lock()

    def grade(self, slug: str, code: str, *, hidden: bool = True, **kw: Any) -> Result:
        cancel = kw.get("cancel")
        self.catalog.get(slug)
        if "HOLD" in code:
            deadline = time.monotonic() + 10
            while not self.release.wait(0.01) and time.monotonic() < deadline:
                if cancel is not None and cancel.requested:
                    return Result(slug, "error", message=CANCELLED, hidden=hidden)
        if "BOOM" in code:
            raise RuntimeError("a bug in the judge")
        with self._graded_lock:
            self.graded.append(code)
        status = "fail" if "FAIL" in code else "pass"
        checks = [CheckResult("echoes a number", status, duration_ms=1.0)]
        return Result(slug, status, checks, hidden=hidden, timings={"total_ms": 1.0})


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, what: str = "") -> Any:
    """Poll ``predicate`` until it returns something true; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what or predicate}")
