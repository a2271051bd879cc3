"""The JSON API in single-user mode: every endpoint, its errors, and grading off-thread."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import GOOD, FakeJudge, csrf, wait_done

from mldrills.grading import Judge
from mldrills.store import Store


def submit(
    client: TestClient, code: str = GOOD, hidden: bool = True, slug: str = "merge-intervals"
) -> dict[str, Any]:
    r = client.post(f"/api/exercises/{slug}/submissions", json={"code": code, "hidden": hidden})
    assert r.status_code == 202, r.text
    body: dict[str, Any] = r.json()
    assert body["status"] == "pending" and body["url"] == f"/api/submissions/{body['id']}"
    return body


# Submissions


def test_submit_passes_and_records_an_attempt(client: TestClient, judge: FakeJudge) -> None:
    done = wait_done(client, submit(client)["id"])
    assert done["status"] == "pass" and done["hidden"] is True
    assert [c["name"] for c in done["checks"]] == ["examples", "hidden cases"]
    assert done["passed"] == done["total"] == 2
    assert judge.calls == [("merge-intervals", True)]
    attempt = client.get(f"/api/attempts/{done['attempt_id']}").json()
    assert attempt["kind"] == "submit" and attempt["status"] == "pass" and attempt["code"] == GOOD


def test_run_visible_only_is_a_test_attempt(client: TestClient, judge: FakeJudge) -> None:
    done = wait_done(client, submit(client, "BUG", hidden=False)["id"])
    assert done["status"] == "fail" and done["hidden"] is False
    failed = [c for c in done["checks"] if c["status"] == "fail"]
    assert failed[0]["message"].startswith("expected") and failed[0]["hint"]
    assert failed[0]["output"] == "debug print\n"
    assert client.get(f"/api/attempts/{done['attempt_id']}").json()["kind"] == "test"


def test_a_failing_result_has_its_diagnosis_first(client: TestClient) -> None:
    done = wait_done(client, submit(client, "BUG", hidden=False)["id"])
    d = done["diagnosis"]
    assert d["mutant"] == "no-touch" and d["check"] == "edge cases"
    assert d["evidence"].startswith("expected") and d["internal"] is False
    page = client.get(f"/submissions/{done['id']}").text
    assert page.index("Likely mistake") < page.index("All 2 checks")
    assert wait_done(client, submit(client)["id"])["diagnosis"] is None


def test_a_running_submission_can_be_cancelled(client: TestClient, judge: FakeJudge) -> None:
    judge.release.clear()
    try:
        sub = submit(client, "HOLD")
        assert 'id="cancel-btn"' in client.get(f"/submissions/{sub['id']}").text
        r = client.post(f"/api/submissions/{sub['id']}/cancel")
        assert r.status_code == 200 and r.json()["id"] == sub["id"]
        done = wait_done(client, sub["id"])
    finally:
        judge.release.set()
    assert done["status"] == "error" and done["message"].startswith("cancelled")
    assert done["state"] == "cancelled" and done["attempt_id"] is None
    assert client.get("/api/attempts").json() == []
    again = client.post(f"/api/submissions/{sub['id']}/cancel")  # finished: stays as it is
    assert again.status_code == 200 and again.json()["status"] == "error"
    assert client.post("/api/submissions/999999/cancel").status_code == 404


def test_hidden_defaults_to_true(client: TestClient, judge: FakeJudge) -> None:
    r = client.post("/api/exercises/merge-intervals/submissions", json={"code": GOOD})
    assert wait_done(client, r.json()["id"])["hidden"] is True


def test_pending_then_running_then_done(client: TestClient, judge: FakeJudge) -> None:
    judge.release.clear()
    sub = submit(client, "HOLD")
    body = client.get(f"/api/submissions/{sub['id']}").json()
    assert body["status"] in ("pending", "running") and body["checks"] == []
    assert body["finished_at"] is None and body["attempt_id"] is None
    judge.release.set()
    assert wait_done(client, sub["id"])["status"] == "pass"


@pytest.mark.parametrize(
    ("code", "message"),
    [("BOOM", "fork server stopped"), ("CRASH", "judge failed unexpectedly")],
)
def test_judge_failure_is_an_error_result(client: TestClient, code: str, message: str) -> None:
    done = wait_done(client, submit(client, code)["id"])
    assert done["status"] == "error" and message in done["message"]
    assert "Traceback" not in json.dumps(done)


def test_unknown_slug_is_404(client: TestClient) -> None:
    r = client.post("/api/exercises/merge-intervalz/submissions", json={"code": "x"})
    assert r.status_code == 404
    assert r.json()["error"] == "Not found" and "merge-intervals" in r.json()["hint"]


def test_oversize_code_is_413_and_states_the_limit(client: TestClient) -> None:
    code = "x" * (Judge.MAX_CODE_BYTES + 1)
    r = client.post("/api/exercises/merge-intervals/submissions", json={"code": code})
    assert r.status_code == 413 and str(Judge.MAX_CODE_BYTES) in r.json()["message"]


def test_huge_body_is_413_before_parsing(client: TestClient) -> None:
    body = b'{"code": "' + b"x" * 1_000_000 + b'"}'
    r = client.post(
        "/api/exercises/merge-intervals/submissions",
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413 and "KB" in r.json()["message"]


def test_chunked_huge_body_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is streamed
        yield b'{"code": "'
        for _ in range(80):
            yield b"x" * 65536
        yield b'"}'

    r = client.post(
        "/api/exercises/merge-intervals/submissions",
        content=chunks(),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413 and "KB" in r.json()["message"]


def test_small_chunked_body_is_read(client: TestClient) -> None:
    r = client.put(
        "/api/exercises/merge-intervals/draft",
        content=iter([b'{"code": "', b"x = 1", b'"}']),
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code in (200, 204), r.text


@pytest.mark.parametrize("code", ["", "   \n\t\n"])
def test_empty_code_is_422(client: TestClient, code: str) -> None:
    r = client.post("/api/exercises/merge-intervals/submissions", json={"code": code})
    assert r.status_code == 422 and "empty" in r.json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/submissions/{}",
        "/api/attempts/{}",
        "/api/attempts/{}/diff",
        "/attempts/{}",
        "/attempts/{}/diff",
    ],
)
@pytest.mark.parametrize("value", [2**31, 2**63, 10**30, 0, -1])
def test_out_of_range_ids_are_404(client: TestClient, path: str, value: int) -> None:
    r = client.get(path.format(value))
    assert r.status_code == 404, (path, value, r.status_code)


def test_malformed_json_is_400(client: TestClient) -> None:
    r = client.post(
        "/api/exercises/merge-intervals/submissions",
        content=b'{"code": ',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 400 and "not valid JSON" in r.json()["message"]


@pytest.mark.parametrize(
    "body",
    [{}, {"code": 5}, {"code": "x", "hidden": "maybe"}, {"code": "x", "extra": 1}, [1, 2]],
)
def test_wrong_fields_are_422(client: TestClient, body: Any) -> None:
    r = client.post("/api/exercises/merge-intervals/submissions", json=body)
    assert r.status_code == 422 and r.json()["error"] == "Invalid input"
    assert r.json()["message"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_wrong_content_type_is_415(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post(
        "/api/exercises/merge-intervals/submissions", content=b'{"code": "x"}', headers=headers
    )
    assert r.status_code == 415 and "application/json" in r.json()["message"]


def test_unknown_submission_is_404(client: TestClient) -> None:
    assert client.get("/api/submissions/999").status_code == 404
    assert client.get("/api/submissions/abc").status_code == 422


def test_per_user_queue_limit_is_429(client: TestClient, judge: FakeJudge) -> None:
    judge.release.clear()
    ids = [submit(client, "HOLD")["id"] for _ in range(4)]
    r = client.post("/api/exercises/merge-intervals/submissions", json={"code": "HOLD"})
    assert r.status_code == 429 and r.headers["Retry-After"]
    judge.release.set()
    for i in ids:
        wait_done(client, i)


def test_a_restarted_server_grades_what_it_left(
    make_app: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLDRILLS_SERVE_WORKERS", "0")  # the first server grades nothing
    with TestClient(make_app(), raise_server_exceptions=False) as first:
        csrf(first)
        queued = submit(first)["id"]  # stored and queued when the server stopped
    user = store.local_user()
    cut = store.create_submission(user.id, "merge-intervals", GOOD, hidden=True)
    assert store.claim_submission(cut.id, "crashed-server", lease_s=0.0)  # a grade cut short
    monkeypatch.delenv("MLDRILLS_SERVE_WORKERS")
    with TestClient(make_app(), raise_server_exceptions=False) as again:
        for sub_id in (queued, cut.id):
            assert wait_done(again, sub_id)["status"] == "pass"
    assert len(store.attempts(user.id)) == 2  # each graded and recorded once


# CSRF and origin


def test_browser_requests_need_the_csrf_token(make_app: Any) -> None:
    same_site = {"Origin": "http://testserver"}
    with TestClient(make_app()) as c:
        r = c.post(
            "/api/exercises/merge-intervals/submissions", json={"code": "x"}, headers=same_site
        )
        assert r.status_code == 403 and "CSRF" in r.json()["message"]
        c.get("/api/me")
        r = c.post(
            "/api/exercises/merge-intervals/submissions",
            json={"code": "x"},
            headers={"X-CSRF-Token": "forged", **same_site},
        )
        assert r.status_code == 403
        r = c.post("/api/exercises/merge-intervals/start", data={"a": "b"})  # a form
        assert r.status_code == 403


def test_cross_site_origin_is_refused(client: TestClient) -> None:
    r = client.post(
        "/api/exercises/merge-intervals/start", headers={"Origin": "http://evil.example"}
    )
    assert r.status_code == 403 and "cross-site" in r.json()["message"]


def test_every_mutating_route_is_guarded(make_app: Any) -> None:
    app = make_app()
    with TestClient(app) as c:
        for route in app.routes:
            methods = getattr(route, "methods", set()) - {"GET", "HEAD", "OPTIONS"}
            for method in methods:
                path = route.path.replace("{slug}", "merge-intervals")  # type: ignore[attr-defined]
                path = path.replace("{invite_id}", "1").replace("{user_id}", "1")
                path = path.replace("{session_id}", "1").replace("{phase}", "clarify")
                r = c.request(method, path, json={})
                assert r.status_code in (403, 404), (method, path, r.status_code)


# Exercises, clock, drafts


def test_exercise_list_and_filters(client: TestClient) -> None:
    rows = client.get("/api/exercises").json()
    assert {r["slug"] for r in rows} == {"merge-intervals", "dot-product"}
    assert all(r["status"] == "new" for r in rows)

    def slugs(query: str) -> list[str]:
        r = client.get(f"/api/exercises?{query}")
        assert r.status_code == 200, r.text
        return [row["slug"] for row in r.json()]

    assert slugs("topic=9") == ["merge-intervals"]
    assert slugs("difficulty=medium") == ["dot-product"]
    assert slugs("torch=yes") == ["dot-product"]
    assert slugs("torch=no") == ["merge-intervals"]
    assert slugs("q=interval") == ["merge-intervals"]
    assert slugs("status=solved") == []
    wait_done(client, submit(client)["id"])
    assert slugs("status=solved") == ["merge-intervals"]
    assert slugs("status=new") == ["dot-product"]


@pytest.mark.parametrize(
    "query", ["topic=11", "topic=x", "difficulty=insane", "status=done", "torch=maybe"]
)
def test_bad_filters_are_422(client: TestClient, query: str) -> None:
    r = client.get(f"/api/exercises?{query}")
    assert r.status_code == 422 and r.json()["message"]


def test_exercise_detail_and_code_restore(client: TestClient) -> None:
    d = client.get("/api/exercises/merge-intervals").json()
    assert d["exercise"]["title"] == "Merge intervals"
    assert d["code_source"] == "starter" and d["code"] == d["starter"]
    assert "<h1>Merge intervals</h1>" in d["statement_html"]
    assert d["clock"]["budget_seconds"] == 15 * 60 and d["clock"]["started_at"] is None
    r = client.put("/api/exercises/merge-intervals/draft", json={"code": "draft!"})
    assert r.status_code == 200
    d = client.get("/api/exercises/merge-intervals").json()
    assert (d["code_source"], d["code"]) == ("draft", "draft!")
    wait_done(client, submit(client, "attempt!")["id"])
    d = client.get("/api/exercises/merge-intervals").json()
    assert (d["code_source"], d["code"]) == ("attempt", "attempt!")
    assert [h["kind"] for h in d["history"]] == ["submit"]


def test_draft_errors(client: TestClient) -> None:
    assert client.put("/api/exercises/nope/draft", json={"code": "x"}).status_code == 404
    big = "x" * (Judge.MAX_CODE_BYTES + 1)
    assert client.put("/api/exercises/merge-intervals/draft", json={"code": big}).status_code == 413
    assert client.put("/api/exercises/merge-intervals/draft", json={}).status_code == 422


def test_clock_starts_once_and_restarts_only_when_asked(client: TestClient) -> None:
    url = "/api/exercises/merge-intervals"
    new = client.get(f"{url}/clock").json()
    assert (new["state"], new["started_at"], new["elapsed_s"]) == ("new", None, 0)
    first = client.post(f"{url}/start").json()
    assert first["state"] == "running" and first["action"] == "started"
    assert first["budget_seconds"] == 900
    second = client.post(f"{url}/start").json()  # a second press resets nothing
    assert second["action"] == "kept" and second["started_at"] == first["started_at"]
    again = client.post(f"{url}/start", json={"restart": True}).json()
    assert again["action"] == "restarted" and again["restarts"] == 1
    assert again["started_at"] > first["started_at"]
    assert client.get(f"{url}/clock").json()["started_at"] == again["started_at"]
    assert client.post("/api/exercises/nope/start").status_code == 404
    assert client.post(f"{url}/start", json={"restart": "yes"}).status_code == 422


def test_clock_events_pause_and_resume(client: TestClient) -> None:
    url = "/api/exercises/merge-intervals/clock"
    assert client.post(url, json={"event": "pause"}).json()["state"] == "new"
    assert client.post(url, json={"event": "activity"}).json()["state"] == "running"
    paused = client.post(url, json={"event": "pause"}).json()
    assert paused["state"] == "paused" and paused["paused_reason"] == "asked"
    assert client.get(url).json()["elapsed_s"] == paused["elapsed_s"]  # a paused clock is still
    assert client.post(url, json={"event": "resume"}).json()["state"] == "running"
    assert client.post(url, json={"event": "restart"}).status_code == 422  # only via /start
    assert client.post(url, json={"event": "pause", "x": 1}).status_code == 422
    assert client.post("/api/exercises/nope/clock", json={"event": "pause"}).status_code == 404


def test_the_clock_stops_at_the_first_accepted_submission(client: TestClient) -> None:
    client.post("/api/exercises/merge-intervals/start")
    wait_done(client, submit(client, "BUG")["id"])
    assert client.get("/api/exercises/merge-intervals/clock").json()["state"] == "running"
    done = wait_done(client, submit(client)["id"])
    stopped = client.get("/api/exercises/merge-intervals/clock").json()
    assert stopped["state"] == "stopped" and stopped["stopped_at"] is not None
    spent = client.get(f"/api/attempts/{done['attempt_id']}").json()["time_spent_s"]
    assert spent == pytest.approx(stopped["elapsed_s"], abs=0.001)
    later = wait_done(client, submit(client)["id"])  # after the solve: no time to solve
    assert client.get(f"/api/attempts/{later['attempt_id']}").json()["time_spent_s"] is None
    frozen = client.get("/api/exercises/merge-intervals/clock").json()["elapsed_s"]
    assert frozen == stopped["elapsed_s"]


def test_time_spent_is_measured_from_the_clock(client: TestClient) -> None:
    client.post("/api/exercises/merge-intervals/start")
    done = wait_done(client, submit(client)["id"])
    spent = client.get(f"/api/attempts/{done['attempt_id']}").json()["time_spent_s"]
    assert spent is not None and 0 <= spent < 60


# Attempts and diffs


def test_attempts_list_detail_and_diff(client: TestClient) -> None:
    a = wait_done(client, submit(client, "line1\nline2\n")["id"])["attempt_id"]
    b = wait_done(client, submit(client, "line1\nchanged\n", hidden=False)["id"])["attempt_id"]
    rows = client.get("/api/attempts").json()
    assert [r["id"] for r in rows] == [b, a]
    assert [r["id"] for r in client.get("/api/attempts?slug=merge-intervals&limit=1").json()] == [b]
    assert client.get("/api/attempts?slug=nope").status_code == 404
    assert client.get("/api/attempts?limit=0").status_code == 422
    detail = client.get(f"/api/attempts/{b}").json()
    assert detail["previous_id"] == a and detail["result"]["status"] == "pass"
    d = client.get(f"/api/attempts/{b}/diff").json()
    assert d["against_id"] == a and "-line2" in d["diff"] and "+changed" in d["diff"]
    first = client.get(f"/api/attempts/{a}/diff").json()
    assert first["against_id"] is None and "--- starter.py" in first["diff"]
    back = client.get(f"/api/attempts/{a}/diff?against={b}").json()
    assert back["against_id"] == b and "+line2" in back["diff"]
    assert client.get("/api/attempts/999").status_code == 404
    assert client.get(f"/api/attempts/{a}/diff?against=999").status_code == 404


# Dashboard, account, meta


def test_dashboard_json(client: TestClient) -> None:
    d = client.get("/api/dashboard").json()
    assert d["totals"]["exercises"] == 2 and d["totals"]["solved"] == 0
    assert d["streak"] == {"current": 0, "best": 0, "today": False}
    assert {s["slug"] for s in d["suggestions"]} == {"merge-intervals", "dot-product"}
    assert len(d["topics"]) == 10 and len(d["series"]["days"]) == 30
    wait_done(client, submit(client, "BUG")["id"])
    d = client.get("/api/dashboard").json()
    assert d["suggestions"][0]["slug"] == "merge-intervals"
    assert "failed" in d["suggestions"][0]["reason"]
    assert d["streak"]["current"] == 1 and d["streak"]["today"]
    assert d["series"]["attempts"][-1] == 1 and d["series"]["pass_rate"][-1] == 0
    client.post("/api/exercises/merge-intervals/start")
    wait_done(client, submit(client)["id"])
    d = client.get("/api/dashboard").json()
    assert d["totals"]["solved"] == 1 and d["totals"]["pass_rate"] == 50
    assert [s["slug"] for s in d["suggestions"]] == ["dot-product"]
    assert len(d["series"]["solve_times"]) == 1


def test_me_in_local_mode(client: TestClient) -> None:
    me = client.get("/api/me").json()
    assert me["multi_user"] is False and me["user"]["username"] == "local"
    assert me["csrf_header"] == "X-CSRF-Token" and me["csrf_token"]


def test_login_and_admin_do_not_exist_in_local_mode(client: TestClient) -> None:
    assert client.post("/api/login", json={"username": "a", "password": "b"}).status_code == 404
    assert client.get("/api/admin/users").status_code == 404
    assert client.get("/signup?code=x").status_code == 404


def test_sections_health_and_openapi(client: TestClient) -> None:
    sections = client.get("/api/sections").json()
    assert {"dashboard", "exercises", "guides"} <= {s["key"] for s in sections if s["ready"]}
    assert {"guides", "cards", "drills", "design", "stories", "mocks"} <= {
        s["key"] for s in sections
    }
    assert client.get("/healthz").json() == {"status": "ok"}
    spec = client.get("/openapi.json").json()
    assert "/api/exercises/{slug}/submissions" in spec["paths"]
    assert "/api/submissions/{submission_id}" in spec["paths"]
    assert client.get("/redoc").status_code == 404


def test_unknown_api_route_is_json_404(client: TestClient) -> None:
    r = client.get("/api/nothing")
    assert r.status_code == 404 and r.json()["error"] == "Not found"
    r = client.delete("/api/dashboard")
    assert r.status_code in (403, 405)


def test_security_headers(client: TestClient) -> None:
    r = client.get("/api/me")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    cookie = r.headers.get("set-cookie") or client.get("/").headers.get("set-cookie", "")
    assert cookie == "" or ("HttpOnly" in cookie and "SameSite=Lax" in cookie)
