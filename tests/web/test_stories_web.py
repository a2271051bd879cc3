"""The story bank and behavioral pages and API: CRUD, analysis, matrix, export, CSRF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

BEHAVIORAL = Path(__file__).parents[2] / "packs" / "behavioral"
STORY = {
    "title": "Cut the GPU bill",
    "text": (
        "At my last company the nightly pipeline ran on GPU machines. "
        "I was asked to bring the bill down. I moved the SQL steps to CPU. "
        "The monthly bill fell from $42,000 to $27,500 within one quarter."
    ),
    "principles": ["frugality", "ownership"],
    "metrics": [{"name": "GPU spend", "baseline": 42000, "after": 27500, "unit": "USD"}],
}


@pytest.fixture(autouse=True)
def behavioral_pack(packs_dir: Path) -> None:
    shutil.copytree(BEHAVIORAL, packs_dir / "behavioral")


def test_crud_round_trip(client: TestClient) -> None:
    made = client.post("/api/stories", json=STORY)
    assert made.status_code == 201, made.text
    story = made.json()
    assert story["metrics"][0]["timeframe"] == ""
    assert any(
        f["name"] == "baseline_after" and f["present"] for f in story["analysis"]["findings"]
    )
    sid = story["id"]
    changed = client.put(f"/api/stories/{sid}", json={**STORY, "principles": ["dive-deep"]})
    assert changed.json()["principles"] == ["dive-deep"]
    assert client.get(f"/api/stories/{sid}").json()["title"] == "Cut the GPU bill"
    bank = client.get("/api/stories").json()
    assert [s["id"] for s in bank["stories"]] == [sid]
    assert "frugality" in bank["matrix"]["gaps"]["principles"]
    assert client.delete(f"/api/stories/{sid}").status_code == 204
    assert client.get(f"/api/stories/{sid}").status_code == 404
    assert client.delete(f"/api/stories/{sid}").status_code == 404


def test_bad_input_is_a_clear_error(client: TestClient) -> None:
    unknown = client.post("/api/stories", json={**STORY, "principles": ["thrift"]})
    assert unknown.status_code == 404 and "thrift" in unknown.json()["message"]
    blank = client.post("/api/stories", json={**STORY, "title": "  "})
    assert blank.status_code == 422
    extra = client.post("/api/stories", json={**STORY, "colour": "red"})
    assert extra.status_code == 422
    assert client.get("/api/stories").json()["stories"] == []


def test_csrf_is_required(client: TestClient) -> None:
    client.headers.pop("X-CSRF-Token", None)
    assert client.post("/api/stories", json=STORY).status_code == 403


def test_analyze_matrix_and_export(client: TestClient) -> None:
    report = client.post("/api/stories/analyze", json={"text": "We fixed it."}).json()
    assert report["words"] == 3 and report["advice"]
    client.post("/api/stories", json=STORY)
    matrix = client.get("/api/stories/matrix").json()
    assert "reduced-cost" not in matrix["gaps"]["prompts"]
    export = client.get("/stories/export.md")
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/markdown")
    assert "attachment" in export.headers["content-disposition"]
    assert "## Cut the GPU bill" in export.text


def test_pages(client: TestClient) -> None:
    page = client.get("/stories")
    assert page.status_code == 200 and 'id="story-form"' in page.text
    assert "Have backbone; disagree and commit" in page.text
    prompts = client.get("/behavioral")
    assert "A time you reduced a measurable cost" in prompts.text
    one = client.get("/behavioral?prompt=tight-deadline")
    assert 'data-slug="tight-deadline"' in one.text
    assert client.get("/behavioral?prompt=nope").status_code == 404


def test_behavioral_answer(client: TestClient) -> None:
    client.post("/api/stories", json=STORY)
    assert len(client.get("/api/behavioral/prompts").json()) >= 16
    done = client.post(
        "/api/behavioral/reduced-cost/answer", json={"answer": "I cut spend by 30% in a month."}
    )
    data = done.json()
    assert data["matching_stories"][0]["title"] == "Cut the GPU bill"
    assert data["follow_ups"]
    empty = client.post("/api/behavioral/reduced-cost/answer", json={"answer": " "})
    assert empty.status_code == 422


@pytest.mark.parametrize(
    "body",
    [
        {**STORY, "metrics": [{"name": ""}]},
        {**STORY, "principles": ["ownership"] * 13},
        {**STORY, "text": "x" * 20_001},
    ],
)
def test_out_of_range_bodies_are_422(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/api/stories", json=body).status_code == 422


def test_infinite_metric_is_422(client: TestClient) -> None:
    body = json.dumps({**STORY, "metrics": [{"name": "x", "baseline": 1.5}]}).replace(
        "1.5", "1e400"
    )
    sent = client.post("/api/stories", content=body, headers={"Content-Type": "application/json"})
    assert sent.status_code == 422
    assert client.get("/api/stories").json()["stories"] == []
