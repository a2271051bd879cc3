"""HTML pages and htmx fragments: they render, carry the right data, and fail politely."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import GOOD, wait_done

from mldrills.store import Store


def submit(client: TestClient, code: str, hidden: bool = True) -> dict[str, Any]:
    r = client.post(
        "/api/exercises/merge-intervals/submissions", json={"code": code, "hidden": hidden}
    )
    return wait_done(client, r.json()["id"])


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "Up next"),
        ("/exercises", "Merge intervals"),
        ("/exercises/merge-intervals", "Run tests"),
        ("/docs", "/api/exercises/{slug}/submissions"),
        ("/mocks", "Mock loops"),
    ],
)
def test_pages_render(client: TestClient, path: str, text: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and text in r.text
    assert 'name="csrf-token"' in r.text


def test_nav_links_every_built_section(client: TestClient) -> None:
    html = client.get("/").text
    for label in ("Stories", "Mock loops"):
        assert not re.search(rf'is-soon"[^>]*>{label}<span class="soon-pill">soon', html), label
        assert f">{label}<" in html


def test_opening_the_exercise_page_does_not_start_the_clock(
    client: TestClient, store: Store
) -> None:
    user = store.local_user()
    html = client.get("/exercises/merge-intervals").text
    assert store.clock(user.id, "merge-intervals") is None
    assert 'data-state="new"' in html
    client.post("/api/exercises/merge-intervals/clock", json={"event": "activity"})
    html = client.get("/exercises/merge-intervals").text
    assert 'data-state="running"' in html


def test_exercise_page_data_and_budget_override(client: TestClient) -> None:
    html = client.get("/exercises/merge-intervals?budget_seconds=3").text
    assert 'data-budget="3"' in html
    data = json.loads(re.search(r'id="exercise-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert data["slug"] == "merge-intervals" and "def merge_intervals" in data["starter"]
    assert '<span class="math">\\sum_i a_i b_i</span>' in client.get("/exercises/dot-product").text
    assert client.get("/exercises/merge-intervals?budget_seconds=0").status_code == 422


def test_exercise_list_fragment_for_htmx(client: TestClient) -> None:
    full = client.get("/exercises?torch=yes")
    assert (
        "<html" in full.text
        and "Dot product" in full.text
        and "Merge intervals</span>" not in full.text
    )
    part = client.get("/exercises?torch=no", headers={"HX-Request": "true"})
    assert "<html" not in part.text and 'id="rows"' in part.text and "Merge intervals" in part.text


def test_submission_panel_polls_then_announces(client: TestClient, judge: Any) -> None:
    judge.release.clear()
    r = client.post("/api/exercises/merge-intervals/submissions", json={"code": "HOLD"})
    sid = r.json()["id"]
    panel = client.get(f"/submissions/{sid}", headers={"HX-Request": "true"})
    assert 'hx-trigger="load delay:400ms"' in panel.text and "HX-Trigger" not in panel.headers
    judge.release.set()
    wait_done(client, sid)
    panel = client.get(f"/submissions/{sid}", headers={"HX-Request": "true"})
    assert "hx-trigger" not in panel.text and "PASS" in panel.text
    event = json.loads(panel.headers["HX-Trigger"])["mldrills-graded"]
    assert event == {"status": "pass", "state": "done", "hidden": True, "id": sid}
    assert "<html" in client.get(f"/submissions/{sid}").text


def test_failed_checks_show_diagnostics(client: TestClient) -> None:
    done = submit(client, "BUG")
    html = client.get(f"/attempts/{done['attempt_id']}").text
    assert "FAIL" in html and "expected [(1, 5)]" in html
    assert "touching intervals merge" in html and "debug print" in html


def test_history_and_diff_fragments(client: TestClient) -> None:
    a = submit(client, "one\n", hidden=False)["attempt_id"]
    b = submit(client, "two\n")["attempt_id"]
    history = client.get("/exercises/merge-intervals/history", headers={"HX-Request": "true"}).text
    assert history.index(f"/attempts/{b}") < history.index(f"/attempts/{a}")
    diff = client.get(f"/attempts/{b}/diff").text
    assert '<span class="d-del">-one</span>' in diff and '<span class="d-add">+two</span>' in diff
    page = client.get(f"/attempts/{b}?against={a}").text
    assert "+two" in page and f'value="{a}"' in page


def test_errors_are_pages_without_tracebacks(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = client.get("/exercises/no-such-thing")
    assert r.status_code == 404 and "no exercise named" in r.text and "<html" in r.text
    assert client.get("/attempts/12345").status_code == 404

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(store, "stats", broken)
    page = client.get("/")
    assert page.status_code == 500 and "went wrong" in page.text
    assert "secret internals" not in page.text and "Traceback" not in page.text
    api = client.get("/api/dashboard")
    assert api.status_code == 500 and api.json()["error"] == "Internal error"


def test_static_assets_are_served(client: TestClient) -> None:
    for path in ("app.css", "app.js", "exercise.js", "vendor/htmx.min.js", "vendor/editor.js"):
        assert client.get(f"/static/{path}").status_code == 200, path


def test_server_mode_pages(server_app: Any, store: Store) -> None:
    from web_support import add_user, login

    add_user(store, "root", admin=True)
    c = login(server_app, "root")
    html = c.get("/").text
    assert "Sign out" in html and 'href="/admin"' in html
    assert "Create invite link" in c.get("/admin").text
    anon = TestClient(server_app)
    assert "Sign in" in anon.get("/login").text
    assert "not valid" in anon.get("/signup?code=bad").text
    done = submit(c, GOOD)
    assert done["status"] == "pass"
