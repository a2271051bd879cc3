"""After a pass the verdict carries the speed figure: JSON, the result panel, earlier passes."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import GOOD, FakeJudge, wait_done

from mldrills.content import Catalog
from mldrills.grading.results import Speed


class TimedJudge(FakeJudge):
    """The fake judge, with a speed figure on every pass (SLOW in the code: 3x)."""

    def grade(self, slug: str, code: str, *, hidden: bool = True, cancel: Any = None) -> Any:
        result = super().grade(slug, code, hidden=hidden, cancel=cancel)
        if result.status == "pass":
            ratio = 3.0 if "SLOW" in code else 1.25
            result.speed = Speed(ratio, 0.3 * ratio, 0.3, 3, 5, 40.0)
        return result


@pytest.fixture
def judge(catalog: Catalog) -> FakeJudge:
    return TimedJudge(catalog)


def submit(client: TestClient, code: str) -> dict[str, Any]:
    r = client.post("/api/exercises/merge-intervals/submissions", json={"code": code})
    assert r.status_code == 202, r.text
    return wait_done(client, r.json()["id"])


def test_a_pass_shows_the_speed_and_compares_with_earlier_passes(client: TestClient) -> None:
    first = submit(client, GOOD)
    assert first["version"] == 2
    assert first["speed"]["ratio"] == 1.25 and first["speed"]["earlier_passes"] == 0
    panel = client.get(f"/submissions/{first['id']}").text
    assert "1.2x the reference" in panel and "noisy measurement on a shared machine" in panel
    assert "earlier passes" not in panel
    assert submit(client, GOOD + "# BUG\n")["speed"] is None  # a failure is not timed
    second = submit(client, GOOD + "# SLOW\n")
    speed = second["speed"]
    assert (speed["ratio"], speed["earlier_passes"], speed["earlier_best"]) == (3.0, 1, 1.25)
    panel = client.get(f"/submissions/{second['id']}").text
    assert "3.0x the reference" in panel and "best 1.2x, last 1.2x" in panel
    attempt = client.get(f"/api/attempts/{second['attempt_id']}").json()
    assert attempt["result"]["speed"]["earlier_last"] == 1.25
