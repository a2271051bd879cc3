"""The dashboard without a readable syllabus: it still shows exercise progress and says why."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_dashboard_reports_a_missing_syllabus(client: TestClient) -> None:
    knowledge = client.get("/api/dashboard").json()["knowledge"]
    assert knowledge["areas"] == [] and "the syllabus is missing" in knowledge["problem"]
    html = client.get("/").text
    assert "The syllabus could not be read" in html and "mldrills check --knowledge-only" in html
    assert "Merge intervals" in html  # the exercise part is still there
