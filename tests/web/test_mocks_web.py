"""Mock loops and the study plan in the web app: start, autosave, pause, finish, report."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mldrills.store import Store

PACKS = Path(__file__).parents[2] / "packs"


@pytest.fixture(autouse=True)
def mock_packs(packs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(PACKS / "syllabus.toml", packs_dir / "syllabus.toml")
    for folder in ("decks", "prompts", "behavioral"):
        shutil.copytree(PACKS / folder, packs_dir / folder, dirs_exist_ok=True)
    monkeypatch.setenv("MLDRILLS_GRADER", "lexical")


def test_screen_mock_end_to_end(client: TestClient, store: Store) -> None:
    r = client.post("/mocks", data={"kind": "screen", "minutes": "ml=0.5,coding=0.5"})
    assert r.status_code == 200, r.text  # followed the redirect to the mock page
    mock = client.get("/api/mocks").json()[0]
    data = client.get(f"/api/mocks/{mock['id']}").json()
    assert [r["kind"] for r in data["rounds"]] == ["ml", "coding"]
    assert data["rounds"][0]["clock"]["running"] is True
    card, *_rest, told = data["items"]
    assert card["kind"] == "card" and told["kind"] == "behavioral"
    saved = client.put(
        f"/api/mocks/{mock['id']}/items/{card['id']}", json={"text": "first draft", "part": ""}
    )
    assert saved.status_code == 200, saved.text
    page = client.get(f"/mocks/{mock['id']}").text
    assert "first draft" in page and 'id="mock-clock"' in page
    paused = client.post(f"/api/mocks/{mock['id']}/clock", json={"running": False}).json()
    assert paused["running"] is False
    later = client.get(f"/api/mocks/{mock['id']}").json()["rounds"][0]["clock"]
    assert later["used_s"] == paused["used_s"]  # a paused clock does not move
    after_ml = client.post(f"/api/mocks/{mock['id']}/finish-round").json()
    assert after_ml["current"] == 1 and after_ml["rounds"][0]["result"] is not None
    code_item = after_ml["items"][0]
    assert code_item["kind"] == "exercise"
    code = "def dot(a, b):\n    return sum(x * y for x, y in zip(a, b))\n"
    client.put(f"/api/mocks/{mock['id']}/items/{code_item['id']}", json={"text": code})
    done = client.post(f"/api/mocks/{mock['id']}/finish-round").json()
    report = done["report"]
    assert [r["title"] for r in report["rounds"]] == ["ML depth", "Coding"]
    assert report["rounds"][1]["score"] == 1.0  # the fake judge passes the exercise
    assert any(w["area"] == report["rounds"][0]["area"] for w in report["weak_areas"])
    assert done["next"] and all(n["href"].startswith("/") for n in done["next"])
    assert "Practise next" in client.get(f"/mocks/{mock['id']}").text
    late = client.put(f"/api/mocks/{mock['id']}/items/{card['id']}", json={"text": "x"})
    assert late.status_code == 422


def test_bad_input_is_a_clear_error(client: TestClient) -> None:
    assert client.post("/api/mocks?kind=final").status_code == 422
    assert client.post("/api/mocks?kind=screen&minutes=ml=0").status_code == 422
    assert client.get("/api/mocks/999").status_code == 404
    mid = client.post("/api/mocks?kind=screen").json()["id"]
    item = client.get(f"/api/mocks/{mid}").json()["items"][0]["id"]
    bad = client.put(f"/api/mocks/{mid}/items/{item}", json={"text": "x", "part": "clarify"})
    assert bad.status_code == 422


def test_plan_page_and_api(client: TestClient) -> None:
    assert client.get("/api/plan").status_code == 422
    r = client.post("/plan", data={"date": "2999-01-01", "hours": "2"})
    assert r.status_code == 422  # more than a year ahead
    soon = (datetime.now(UTC).date() + timedelta(days=10)).isoformat()
    r = client.post("/plan", data={"date": soon, "hours": "2"}, follow_redirects=False)
    assert r.status_code == 303
    plan = client.get("/api/plan").json()
    assert plan["hours_per_day"] == 2 and plan["items"]
    assert "Today" in client.get("/plan").text


def test_dashboard_shows_today_and_survives_a_past_date(client: TestClient, store: Store) -> None:
    assert "Set your interview date" in client.get("/").text
    soon = (datetime.now(UTC).date() + timedelta(days=3)).isoformat()
    client.post("/plan", data={"date": soon, "hours": "1"})
    data = client.get("/api/dashboard").json()
    assert data["plan"]["items"] and data["plan_problem"] is None
    assert data["plan"]["items"][0]["title"] in client.get("/").text
    store.set_study_plan(store.local_user().id, "2020-01-01", 1.0)
    page = client.get("/")
    assert page.status_code == 200 and "is in the past" in page.text
    assert "is in the past" in client.get("/plan").text


def test_onsite_design_round_saves_each_phase(client: TestClient, store: Store) -> None:
    assert client.post("/api/mocks?kind=screen&coding_rounds=2").status_code == 422
    data = client.post("/api/mocks?kind=onsite&coding_rounds=2&minutes=design=30").json()
    assert [r["kind"] for r in data["rounds"]] == ["ml", "coding", "design", "ml", "coding"]
    mid = data["id"]
    for _ in range(2):  # nothing typed: the ML round scores 0, the exercise is not judged
        data = client.post(f"/api/mocks/{mid}/finish-round").json()
    assert data["rounds"][1]["result"]["items"][0]["status"] == "not attempted"
    item = data["items"][0]
    assert item["kind"] == "design" and [p["id"] for p in item["phases"]] == [
        "clarify",
        "high-level",
        "deep-dives",
        "wrap-up",
    ]
    assert sum(p["minutes"] for p in item["phases"]) == pytest.approx(25)  # 5 left for behavioral
    note = "We optimise purchases per session; p99 latency under 100 ms."
    r = client.put(f"/api/mocks/{mid}/items/{item['id']}", json={"text": note, "part": "clarify"})
    assert r.status_code == 200
    assert note in client.get(f"/mocks/{mid}").text
    bad = client.put(f"/api/mocks/{mid}/items/{item['id']}", json={"text": "x", "part": ""})
    assert bad.status_code == 422 and "clarify" in bad.json()["message"]
    graded = client.post(f"/api/mocks/{mid}/finish-round").json()["rounds"][2]["result"]
    assert graded["items"][0]["kind"] == "design" and graded["items"][0]["answered"]
