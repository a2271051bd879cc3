"""The dashboard without a readable syllabus: it still shows exercise progress and says why."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_dashboard_reports_a_missing_syllabus(client: TestClient) -> None:
    knowledge = client.get("/api/dashboard").json()["knowledge"]
    assert knowledge["areas"] == [] and "the syllabus is missing" in knowledge["problem"]
    html = client.get("/").text
    assert "The syllabus could not be read" in html and "mldrills check --knowledge-only" in html
    assert "Merge intervals" in html  # the exercise part is still there


def test_guides_without_a_syllabus_are_not_found(client: TestClient) -> None:
    for path in ("/api/guides", "/api/guides/transformers", "/guides"):
        r = client.get(path)
        assert r.status_code == 404, path
    assert "no syllabus.toml" in client.get("/api/guides").json()["message"]
