"""The console's API: run code on a typed input beside the reference; not a submission."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from web_support import GOOD

from mldrills.store import Store
from mldrills.web.views import console as console_view

URL = "/api/exercises/merge-intervals/console"
BUGGY = "def merge_intervals(intervals):\n    return sorted(intervals)\n"


def test_info_gives_limits_and_an_example_from_the_visible_checks(client: TestClient) -> None:
    r = client.get(URL)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["entrypoints"] == ["merge_intervals"]
    assert body["example"].startswith("merge_intervals([")
    assert (body["max_bytes"], body["max_elements"]) == (64_000, 10_000)
    ran = client.post(URL, json={"code": GOOD, "input": body["example"]})
    assert ran.status_code == 200 and ran.json()["rows"][0]["agree"] is True


def test_a_run_shows_both_sides_and_stores_nothing(client: TestClient, store: Store) -> None:
    r = client.post(URL, json={"code": BUGGY, "input": "merge_intervals([[1, 3], [2, 6]])"})
    assert r.status_code == 200, r.text
    row = r.json()["rows"][0]
    assert row["yours"]["value"] == "[[1, 3], [2, 6]]" and row["yours"]["type"] == "list"
    assert row["reference"]["value"] == "[(1, 6)]"
    assert row["agree"] is False
    assert client.get("/api/attempts").json() == []  # not a submission, not an attempt
    assert store.attempts(store.local_user().id) == []


def test_entry_with_arguments_is_the_same_as_a_call(client: TestClient) -> None:
    r = client.post(URL, json={"code": GOOD, "entry": "merge_intervals", "input": "[[1, 2]]"})
    assert r.status_code == 200 and r.json()["rows"][0]["statement"] == "merge_intervals([[1, 2]])"
    bad = client.post(URL, json={"code": GOOD, "entry": "nope", "input": "[]"})
    assert bad.status_code == 422 and "not an entry point" in bad.json()["message"]


def test_bad_input_is_422_and_too_large_is_413(client: TestClient) -> None:
    r = client.post(URL, json={"code": GOOD, "input": "__import__('os').getcwd()"})
    assert r.status_code == 422 and "is not allowed" in r.json()["message"]
    big = client.post(URL, json={"code": GOOD, "input": "merge_intervals(np.zeros((200, 200)))"})
    assert big.status_code == 413 and "10,000" in big.json()["message"]
    assert client.post(URL, json={"code": " ", "input": "merge_intervals([])"}).status_code == 422
    missing = client.post("/api/exercises/nope/console", json={"code": GOOD, "input": "f()"})
    assert missing.status_code == 404
    extra = client.post(URL, json={"code": GOOD, "input": "merge_intervals([])", "x": 1})
    assert extra.status_code == 422


def test_runs_are_limited_per_user(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console_view, "PER_MINUTE", 2)
    body = {"code": GOOD, "input": "merge_intervals([])"}
    assert [client.post(URL, json=body).status_code for _ in range(2)] == [200, 200]
    third = client.post(URL, json=body)
    assert third.status_code == 429 and "Retry-After" in third.headers
