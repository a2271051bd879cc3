"""Helpers for the web tests (fixtures live in conftest.py): a fake judge, sign-in, polling."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from mldrills.content import Catalog
from mldrills.errors import JudgeUnavailable
from mldrills.grading import CheckResult, Judge, Result
from mldrills.grading.results import Diagnosis
from mldrills.judge.cancel import CANCELLED
from mldrills.store import Store
from mldrills.web.passwords import hash_password
from mldrills.web.state import WebConfig

REPO = Path(__file__).resolve().parents[2]
MERGE = REPO / "packs" / "coding" / "merge-intervals"
PASSWORD = "correct horse battery"

TINY_META = """title = "Dot product"
summary = "Sum of elementwise products."
topic = 4
difficulty = "medium"
time_minutes = 10
tags = ["vectors"]
needs_torch = true
entrypoints = ["dot"]
"""
TINY_README = "# Dot product\n\nWrite `dot(a, b)` returning $\\sum_i a_i b_i$.\n"
TINY_CODE = "def dot(a, b):\n    return sum(x * y for x, y in zip(a, b))\n"
TINY_TESTS = """from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()
suite.add(same_as_reference("dot", [Case.of([1, 2], [3, 4])], name="small"))
"""


GOOD = (MERGE / "solution.py").read_text(encoding="utf-8")


class FakeJudge(Judge):
    """A judge without a fork server: ``BUG`` in the code fails, ``BOOM`` breaks the judge,
    ``CRASH`` raises a plain exception, ``HOLD`` waits until ``release`` is set."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog, isolation="off", slots=2, preload_torch=False)
        self.release = threading.Event()
        self.release.set()
        self.calls: list[tuple[str, bool]] = []

    def grade(self, slug: str, code: str, *, hidden: bool = True, cancel: Any = None) -> Any:
        self.calls.append((slug, hidden))
        self.catalog.get(slug)
        if "HOLD" in code:
            deadline = time.monotonic() + 10
            while not self.release.wait(0.01) and time.monotonic() < deadline:
                if cancel is not None and cancel.requested:
                    return Result(slug, "error", message=CANCELLED, hidden=hidden)
        if "BOOM" in code:
            raise JudgeUnavailable("the judge's fork server stopped")
        if "CRASH" in code:
            raise RuntimeError("a bug in the judge")
        checks = [CheckResult("examples", "pass", duration_ms=1.0)]
        if "BUG" in code:
            checks.append(
                CheckResult(
                    "edge cases",
                    "fail",
                    message="expected [(1, 5)], got [(1, 3), (3, 5)]",
                    hint="touching intervals merge",
                    output="debug print\n",
                    hidden=hidden,
                )
            )
        elif hidden:
            checks.append(CheckResult("hidden cases", "pass", hidden=True))
        status = "fail" if "BUG" in code else "pass"
        result = Result(slug, status, checks, hidden=hidden, timings={"total_ms": 5.0})
        if "BUG" in code:
            bad = checks[-1]
            result.diagnosis = Diagnosis(
                "touching intervals are kept apart", bad.name, bad.message, bad.hint, "no-touch"
            )
        return result

    def grade_exercise(
        self, exercise: Any, code: str, *, hidden: bool = True, cancel: Any = None, **_: Any
    ) -> Any:
        """What the submission path calls: the same fake verdicts as ``grade``."""
        return self.grade(exercise.slug, code, hidden=hidden, cancel=cancel)


def config(multi_user: bool) -> WebConfig:
    return WebConfig(
        multi_user=multi_user,
        secret_key="test-secret-key",
        queue_limit=8,
        allowed_hosts=(*WebConfig.allowed_hosts, "testserver"),
    )


def csrf(client: TestClient) -> str:
    """Fetch the session's CSRF token (and the session cookie with it)."""
    token = client.get("/api/me").json()["csrf_token"]
    client.headers["X-CSRF-Token"] = token
    return str(token)


def add_user(store: Store, name: str, *, admin: bool = False) -> int:
    return store.create_user(name, hash_password(PASSWORD), is_admin=admin).id


def login(app: Any, name: str) -> TestClient:
    """A client signed in as ``name`` (with the CSRF header set)."""
    c = TestClient(app, raise_server_exceptions=False)
    csrf(c)
    r = c.post("/api/login", json={"username": name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
    return c


def wait_done(c: TestClient, submission_id: int, timeout: float = 10) -> dict[str, Any]:
    """Poll a submission until grading finished."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = c.get(f"/api/submissions/{submission_id}").json()
        if body["status"] not in ("pending", "running"):
            return body
        time.sleep(0.02)
    raise AssertionError(f"submission {submission_id} still {body['status']}")
