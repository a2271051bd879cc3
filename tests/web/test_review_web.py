"""/review and its JSON API: next card, check, rate, stats, settings, CSRF, privacy."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import GOOD, add_user, login, wait_done

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "review_packs" / "decks"
GOOD_ANSWER = "LayerNorm normalises each token over its features. It does not depend on the batch."


@pytest.fixture
def packs_dir(packs_dir: Path) -> Path:
    """The web test packs plus the fixture decks."""
    shutil.copytree(FIXTURE, packs_dir / "decks")
    return packs_dir


def next_card(client: TestClient, area: str | None = None) -> dict[str, Any]:
    r = client.get("/api/review/next", params={"area": area} if area else {})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_next_card_hides_the_answer(client: TestClient) -> None:
    body = next_card(client)
    card = body["card"]
    assert card["key"] == "transformers/layernorm-vs-batchnorm" and card["kind"] == "new"
    assert "answer" not in card and "points" not in card
    assert body["remaining"] == 4 and body["new_left"] == 10
    assert next_card(client, "linear")["card"]["key"] == "linear/logistic-loss"
    r = client.get("/api/review/next", params={"area": "nope"})
    assert r.status_code == 404 and "no deck for area 'nope'" in r.json()["message"]


def test_queue_lists_today_in_order(client: TestClient) -> None:
    body = client.get("/api/review/queue").json()
    assert [c["key"] for c in body["cards"]] == [
        "transformers/layernorm-vs-batchnorm",
        "transformers/attention-scaling",
        "transformers/causal-mask",
        "linear/logistic-loss",
    ]
    assert all("answer" not in c for c in body["cards"])
    linear = client.get("/api/review/queue", params={"area": "linear"}).json()
    assert [c["key"] for c in linear["cards"]] == ["linear/logistic-loss"]


def test_check_grades_and_proposes(client: TestClient) -> None:
    key = "transformers/layernorm-vs-batchnorm"
    r = client.post("/api/review/check", json={"key": key, "answer": GOOD_ANSWER})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["grade"]["made"] == 2 and body["proposed"] == 4 and body["proposed_name"] == "Easy"
    assert (
        body["grade"]["points"][0]["evidence"]
        == "LayerNorm normalises each token over its features."
    )
    assert "BatchNorm normalises each feature over the batch" in body["answer_html"]
    revealed = client.post("/api/review/check", json={"key": key}).json()
    assert revealed["grade"] is None and revealed["proposed"] is None
    assert len(revealed["points"]) == 2
    missing = client.post("/api/review/check", json={"key": "transformers/nope"})
    assert missing.status_code == 404


def test_rate_schedules_logs_and_returns_the_next_card(client: TestClient, store: Any) -> None:
    key = "transformers/layernorm-vs-batchnorm"
    body = {"key": key, "rating": 1, "answer": "no idea", "elapsed_ms": 3000}
    r = client.post("/api/review/rate", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["rated"]["rating_name"] == "Again" and 0 < out["rated"]["interval_s"] <= 600
    assert out["next"]["card"]["key"] == "transformers/attention-scaling"
    user = store.local_user().id
    (log,) = store.review_logs(user)
    assert (log.rating, log.proposed, log.elapsed_ms, log.answer) == (1, 1, 3000, "no idea")
    stats = client.get("/api/review/stats").json()
    assert sum(d["due"] for d in stats["forecast"]) == 1
    assert stats["retention"]["rate"] is None
    assert stats["areas"][0]["area"] == "transformers" and stats["areas"][0]["seen"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"key": "linear/logistic-loss", "rating": 5},
        {"key": "linear/logistic-loss", "rating": 0},
        {"key": "linear/logistic-loss", "rating": 3, "elapsed_ms": -1},
        {"key": "linear/logistic-loss", "rating": 3, "extra": 1},
        {"key": "linear/logistic-loss", "rating": 3, "answer": "x" * 8001},
    ],
)
def test_bad_ratings_are_refused(client: TestClient, body: dict[str, Any]) -> None:
    assert client.post("/api/review/rate", json=body).status_code == 422


def test_posts_need_the_csrf_token(client: TestClient) -> None:
    del client.headers["X-CSRF-Token"]
    r = client.post("/api/review/rate", json={"key": "linear/logistic-loss", "rating": 3})
    assert r.status_code == 403
    r = client.put(
        "/api/review/settings",
        json={"new_per_day": 1, "reviews_per_day": 1, "desired_retention": 0.9},
        headers={"Origin": "http://evil.example"},
    )
    assert r.status_code == 403


def test_settings_by_api_and_by_form(client: TestClient) -> None:
    r = client.put(
        "/api/review/settings",
        json={"new_per_day": 1, "reviews_per_day": 20, "desired_retention": 0.85},
    )
    assert r.status_code == 200, r.text
    assert next_card(client)["remaining"] == 1
    bad = client.put(
        "/api/review/settings",
        json={"new_per_day": 1, "reviews_per_day": 20, "desired_retention": 0.3},
    )
    assert bad.status_code == 422
    token = client.headers["X-CSRF-Token"]
    form = {
        "csrf_token": token,
        "new_per_day": "3",
        "reviews_per_day": "9",
        "desired_retention": "0.9",
    }
    r = client.post("/review/settings", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review"
    assert client.get("/api/review/stats").json()["settings"]["new_per_day"] == 3


def test_review_page_shows_the_first_card_and_forecast(client: TestClient) -> None:
    r = client.get("/review")
    assert r.status_code == 200
    html = r.text
    assert "How does LayerNorm differ from BatchNorm?" in html
    assert 'data-key="transformers/layernorm-vs-batchnorm"' in html
    assert 'id="chart-forecast"' in html and "review.js" in html
    assert 'href="/review"' in html and "Model answer" in html
    linear = client.get("/review", params={"area": "linear"}).text
    assert "Which loss does logistic regression minimise?" in linear
    sections = {s["key"]: s for s in client.get("/api/sections").json()}
    assert sections["cards"]["ready"] is True and sections["cards"]["href"] == "/review"


def test_a_failed_web_submission_becomes_a_card(client: TestClient) -> None:
    client.put(
        "/api/review/settings",
        json={"new_per_day": 0, "reviews_per_day": 20, "desired_retention": 0.9},
    )
    r = client.post("/api/exercises/merge-intervals/submissions", json={"code": GOOD + "\n# BUG\n"})
    assert r.status_code == 202
    assert wait_done(client, r.json()["id"])["status"] == "fail"
    card = next_card(client)["card"]
    assert card["key"] == "exercise:merge-intervals" and card["origin"] == "failed"
    assert card["gradable"] is False and "failed on submit" in card["question"]
    rated = client.post("/api/review/rate", json={"key": card["key"], "rating": 3})
    assert rated.status_code == 200 and rated.json()["next"]["card"] is None


def test_users_review_separately(server_app: Any, store: Any) -> None:
    add_user(store, "ada")
    add_user(store, "bob")
    with login(server_app, "ada") as ada, login(server_app, "bob") as bob:
        ada.post("/api/review/rate", json={"key": "linear/logistic-loss", "rating": 3})
        assert next_card(ada)["remaining"] == 3
        assert next_card(bob)["remaining"] == 4
        assert (
            bob.post("/api/review/check", json={"key": "exercise:merge-intervals"}).status_code
            == 404
        )


def test_review_needs_sign_in_on_a_server(make_app: Callable[..., Any]) -> None:
    with TestClient(make_app(multi_user=True)) as anonymous:
        assert anonymous.get("/api/review/next").status_code == 401


def test_bad_settings_form_is_an_error_page_not_a_crash(client: TestClient) -> None:
    token = client.headers["X-CSRF-Token"]
    form = {
        "csrf_token": token,
        "new_per_day": "3",
        "reviews_per_day": "9",
        "desired_retention": "2",
    }
    r = client.post("/review/settings", data=form, headers={"Accept": "text/html"})
    assert r.status_code == 422
    assert "desired retention must be 0.70 to 0.99" in r.text
    assert client.get("/api/review/stats").json()["settings"]["desired_retention"] == 0.9
