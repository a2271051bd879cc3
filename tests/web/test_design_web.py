"""The design pages and API: start a session, autosave notes and sketch, finish, feedback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mldrills.store import Store

PROMPT = Path(__file__).parents[2] / "packs" / "prompts" / "product-recommender.toml"


@pytest.fixture(autouse=True)
def prompt_pack(packs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (packs_dir / "prompts").mkdir(exist_ok=True)
    shutil.copy(PROMPT, packs_dir / "prompts" / PROMPT.name)
    monkeypatch.setenv("MLDRILLS_GRADER", "lexical")


def test_list_page_and_api(client: TestClient) -> None:
    assert "Product recommendations" in client.get("/design").text
    rows = client.get("/api/design").json()
    assert [r["slug"] for r in rows] == ["product-recommender"]
    assert client.get("/api/design/no-such").status_code == 404


def test_session_round_trip(client: TestClient, store: Store) -> None:
    data = client.post("/api/design/product-recommender/sessions", json={}).json()
    sid = data["session"]["id"]
    assert data["clock"]["phase"] == "clarify" and data["feedback"] is None
    notes = "We optimise purchases per session. p99 latency under 100 ms."
    r = client.put(f"/api/design/sessions/{sid}/notes/clarify", json={"text": notes})
    assert r.status_code == 200, r.text
    sketch = client.put(
        f"/api/design/sessions/{sid}/diagram", json={"text": "client -> api: HTTPS\n -> x"}
    ).json()
    assert "<svg" in sketch["svg"] and sketch["problems"]
    assert (
        client.post(f"/api/design/sessions/{sid}/phase", json={"phase": "wrap-up"}).json()["phase"]
        == "wrap-up"
    )
    stored = store.design_session(store.local_user().id, sid)
    assert stored.notes["clarify"] == notes and stored.phase == 3
    done = client.post(f"/api/design/sessions/{sid}/finish", json={}).json()
    requirements = done["feedback"]["sections"][0]
    assert requirements["made"] == 2
    assert requirements["points"][0]["evidence"] == "We optimise purchases per session."
    page = client.get(f"/design/product-recommender?session={sid}").text
    assert "Rubric coverage" in page and "Follow-ups to practise" in page


def test_bad_input_is_a_clear_error(client: TestClient) -> None:
    sid = client.post("/api/design/product-recommender/sessions", json={}).json()["session"]["id"]
    r = client.put(f"/api/design/sessions/{sid}/notes/nope", json={"text": "x"})
    assert r.status_code == 422 and "clarify" in r.json()["message"]
    assert client.get("/api/design/sessions/999").status_code == 404
    r = client.post("/api/design/product-recommender/sessions", json={"minutes": [5, 0, 1, 1]})
    assert r.status_code == 422
    r = client.post(f"/api/design/sessions/{sid}/finish", json={"self_assessment": {"time": 9}})
    assert r.status_code == 422


def test_forms_start_and_assess(client: TestClient) -> None:
    r = client.post(
        "/design/product-recommender/start", data={"minutes": "1,2,3,4"}, follow_redirects=False
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    sid = re.search(r'data-session="(\d+)"', page)
    assert sid and "Start the clock" not in page
    form = {k: "3" for k in ("clarified", "structure", "depth", "numbers", "tradeoffs", "time")}
    r = client.post(f"/design/sessions/{sid.group(1)}/assess", data=form)
    assert r.status_code == 200 and "Your self-assessment" in r.text


def test_api_is_described_and_prompt_has_its_figures(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/design/sessions/{session_id}/notes/{phase}" in paths
    prompt = client.get("/api/design/product-recommender").json()
    assert [s["id"] for s in prompt["sections"]][:2] == ["requirements", "data"]
    assert {"name": "index_bytes", "text": "2.56 GB"}.items() <= prompt["numbers"][-1].items()
    assert prompt["outline_html"].startswith("<ol>")


def test_guide_links_its_areas_design_prompts(client: TestClient, packs_dir: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge_pack"
    for item in fixture.iterdir():
        copy = shutil.copytree if item.is_dir() else shutil.copy
        copy(item, packs_dir / item.name)
    syllabus = packs_dir / "syllabus.toml"
    text = syllabus.read_text()
    start = text.index('slug = "recsys"')
    at = text.index("prompts = []", start)
    syllabus.write_text(text[:at] + 'prompts = ["product-recommender"]' + text[at + 12 :])
    practice = client.get("/api/guides/recsys").json()["practice"]
    assert practice["prompts"] == [
        {"slug": "product-recommender", "href": "/design/product-recommender"}
    ]
    assert 'href="/design/product-recommender"' in client.get("/guides/recsys").text
