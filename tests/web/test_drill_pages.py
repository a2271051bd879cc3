"""The drill pages and API: list by area, a seeded instance, answers by form and JSON."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import REPO

from mldrills.store import Store

GIB = 2**30


@pytest.fixture(autouse=True)
def with_drills(packs_dir: Path) -> None:
    """The real drills beside the small exercise packs of the web tests."""
    shutil.copytree(REPO / "packs" / "drills", packs_dir / "drills")


def test_list_by_area(client: TestClient) -> None:
    data = client.get("/api/drills").json()
    areas = [g["area"] for g in data["areas"]]
    assert areas[0] == "transformers" and "behavioral" in areas
    one = client.get("/api/drills?area=distributed").json()["areas"]
    assert [d["slug"] for d in one[0]["drills"]][:1] and len(one) == 1
    assert client.get("/api/drills?area=astrology").status_code == 422
    html = client.get("/drills").text
    assert 'href="/drills/kv-cache-bytes"' in html and "Random drill" in html
    assert 'aria-current="page">Drills' in html


def test_instance_json_hides_the_answer(client: TestClient) -> None:
    data = client.get("/api/drills/kv-cache-bytes?seed=4184").json()
    assert data["seed"] == 4184 and data["params"]["layers"] == 64 and data["unit"] == "GiB"
    assert '<span class="math">' in data["question_html"]
    assert "answer" not in data and "steps" not in data
    fresh = client.get("/api/drills/kv-cache-bytes").json()
    assert 0 <= fresh["seed"] < 10**9
    assert client.get("/api/drills/nope").status_code == 404


def test_answer_api_records_and_explains(client: TestClient, store: Store) -> None:
    r = client.post("/api/drills/kv-cache-bytes/answer", json={"seed": 4184, "answer": "64 GiB"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["feedback"]["verdict"] == "mistake"
    assert "<strong>and</strong>" in body["feedback"]["hint_html"]
    assert body["solution"]["answer_text"] == "128 GiB"
    assert '<span class="math">' in body["solution"]["steps"][0]["html"]
    ok = client.post(
        "/api/drills/kv-cache-bytes/answer", json={"seed": 4184, "answer": "128 GiB", "seconds": 30}
    ).json()
    assert ok["feedback"]["verdict"] == "correct"
    attempts = client.get("/api/drills/kv-cache-bytes/attempts").json()
    assert [a["verdict"] for a in attempts] == ["correct", "mistake"]
    assert attempts[0]["time_spent_s"] == 30
    stats = store.drill_area_stats(store.local_user().id)
    assert stats["transformers"]["attempts"] == 2
    listed = client.get("/api/drills?area=transformers").json()["areas"][0]
    kv = next(d for d in listed["drills"] if d["slug"] == "kv-cache-bytes")
    assert (kv["answers"], kv["correct"]) == (2, 1)
    assert "1/2 correct" in client.get("/drills").text


def test_answer_api_errors(client: TestClient) -> None:
    r = client.post("/api/drills/kv-cache-bytes/answer", json={"seed": 4184, "answer": "45 ms"})
    assert r.status_code == 422
    assert "ms measures a duration" in r.json()["message"] and "GiB" in r.json()["hint"]
    bad_seed = client.post("/api/drills/kv-cache-bytes/answer", json={"seed": -1, "answer": "1"})
    assert bad_seed.status_code == 422
    extra = client.post(
        "/api/drills/kv-cache-bytes/answer", json={"seed": 1, "answer": "1", "x": 1}
    )
    assert extra.status_code == 422
    assert client.get("/api/drills/kv-cache-bytes/attempts").json() == []


def test_answer_needs_csrf(client: TestClient) -> None:
    del client.headers["X-CSRF-Token"]
    r = client.post("/api/drills/kv-cache-bytes/answer", json={"seed": 4184, "answer": "1"})
    assert r.status_code == 403


def test_form_flow(client: TestClient) -> None:
    page = client.get("/drills/kv-cache-bytes?seed=4184").text
    assert 'name="seed" value="4184"' in page and 'id="drill-answer"' in page
    shown_at = re.search(r'name="shown_at" value="([0-9.]+)"', page).group(1)  # type: ignore[union-attr]
    token = client.headers["X-CSRF-Token"]
    form = {"seed": "4184", "answer": "128 GB", "shown_at": shown_at, "csrf_token": token}
    answered = client.post("/drills/kv-cache-bytes", data=form)
    assert answered.status_code == 200
    assert 'data-verdict="mistake"' in answered.text and "GiB" in answered.text
    assert "Worked solution" in answered.text and 'id="drill-next"' in answered.text
    wrong_kind = client.post("/drills/kv-cache-bytes", data={**form, "answer": "3 ms"})
    assert wrong_kind.status_code == 422 and 'id="drill-error"' in wrong_kind.text
    assert 'value="3 ms"' in wrong_kind.text


def test_random_redirects_to_an_instance(client: TestClient) -> None:
    r = client.get("/drills/random?area=llm", follow_redirects=False)
    assert r.status_code == 303
    assert re.fullmatch(r"/drills/[a-z-]+\?seed=\d+", r.headers["location"])
    slug = r.headers["location"].split("?")[0].rsplit("/", 1)[1]
    assert slug in {"training-flops", "lora-param-count", "perplexity-from-nll"}
