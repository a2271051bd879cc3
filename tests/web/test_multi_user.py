"""Server mode: sign-in, rate limits, invites, admin, and per-user isolation of every id."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import GOOD, PASSWORD, add_user, csrf, login, wait_done

from mldrills.store import Store
from mldrills.web import invites


def test_anonymous_pages_redirect_and_api_is_401(server_app: Any) -> None:
    with TestClient(server_app, follow_redirects=False) as c:
        r = c.get("/exercises?topic=9")
        assert (
            r.status_code == 303 and r.headers["location"] == "/login?next=/exercises%3Ftopic%3D9"
        )
        for path in ("/api/exercises", "/api/dashboard", "/api/attempts", "/api/submissions/1"):
            assert c.get(path).status_code == 401, path
        me = c.get("/api/me").json()
        assert me["user"] is None and me["multi_user"] is True
        assert c.get("/login").status_code == 200


def test_login_logout_roundtrip(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    c = login(server_app, "ada")
    assert c.get("/api/me").json()["user"]["username"] == "ada"
    assert c.get("/api/exercises").status_code == 200
    assert c.post("/api/logout").status_code == 204
    assert c.get("/api/exercises").status_code == 401


def test_login_form_sets_session_and_redirects_safely(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    with TestClient(server_app, follow_redirects=False) as c:
        token = csrf(c)
        form = {
            "username": "ada",
            "password": PASSWORD,
            "next": "//evil.example",
            "csrf_token": token,
        }
        r = c.post("/login", data=form, headers={"X-CSRF-Token": ""})
        assert r.status_code == 303 and r.headers["location"] == "/"
        assert c.get("/").status_code == 200


def test_login_form_needs_csrf(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    with TestClient(server_app) as c:
        r = c.post("/login", data={"username": "ada", "password": PASSWORD})
        assert r.status_code == 403


def test_wrong_password_and_rate_limit(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    c = TestClient(server_app)
    csrf(c)
    for _ in range(5):
        r = c.post("/api/login", json={"username": "ada", "password": "wrong password"})
        assert r.status_code == 401 and r.json()["message"] == "wrong username or password"
    r = c.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    r = c.post("/api/login", json={"username": "nobody", "password": "x"})
    assert r.status_code == 401


def test_unknown_user_fails_like_a_wrong_password(server_app: Any) -> None:
    c = TestClient(server_app)
    csrf(c)
    r = c.post("/api/login", json={"username": "ghost", "password": PASSWORD})
    assert r.status_code == 401 and r.json()["message"] == "wrong username or password"


def test_tampered_cookie_is_ignored(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    c = login(server_app, "ada")
    cookie = c.cookies.get("mldrills_session")
    assert cookie
    c.cookies.clear()
    c.cookies.set(
        "mldrills_session", cookie[:-3] + ("AAA" if not cookie.endswith("AAA") else "BBB")
    )
    assert c.get("/api/exercises").status_code == 401


def test_disabled_user_is_locked_out_at_once(server_app: Any, store: Store) -> None:
    uid = add_user(store, "ada")
    c = login(server_app, "ada")
    store.set_user_active(uid, False)
    assert c.get("/api/exercises").status_code == 401
    csrf(c)
    r = c.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert r.status_code == 403 and "disabled" in r.json()["message"]


# Isolation: one user never reads or changes another's data


@pytest.fixture
def two_users(server_app: Any, store: Store) -> tuple[TestClient, TestClient, dict[str, int]]:
    add_user(store, "ada")
    add_user(store, "bob")
    ada, bob = login(server_app, "ada"), login(server_app, "bob")
    sub = ada.post("/api/exercises/merge-intervals/submissions", json={"code": GOOD + "# ada\n"})
    first = wait_done(ada, sub.json()["id"])
    sub2 = ada.post("/api/exercises/merge-intervals/submissions", json={"code": "BUG # ada"})
    second = wait_done(ada, sub2.json()["id"])
    ada.put("/api/exercises/merge-intervals/draft", json={"code": "ada's draft"})
    ada.post("/api/exercises/merge-intervals/start")
    mine = bob.post("/api/exercises/merge-intervals/submissions", json={"code": "bob"})
    bob_done = wait_done(bob, mine.json()["id"])
    ids = {
        "submission": first["id"],
        "attempt": first["attempt_id"],
        "attempt2": second["attempt_id"],
        "bob_attempt": bob_done["attempt_id"],
    }
    return ada, bob, ids


@pytest.mark.parametrize(
    "path",
    [
        "/api/submissions/{submission}",
        "/submissions/{submission}",
        "/api/attempts/{attempt}",
        "/attempts/{attempt}",
        "/api/attempts/{attempt}/diff",
        "/attempts/{attempt}/diff",
        "/api/attempts/{mine}/diff?against={attempt}",
        "/attempts/{mine}?against={attempt}",
    ],
)
def test_another_users_ids_are_not_found(two_users: Any, path: str) -> None:
    ada, bob, ids = two_users
    own = path.format(**ids, mine=ids["attempt2"])
    assert ada.get(own).status_code == 200, own
    url = path.format(**ids, mine=ids["bob_attempt"])
    r = bob.get(url, headers={"Accept": "application/json"})
    assert r.status_code == 404, url
    assert "ada" not in r.text


def test_lists_and_pages_show_only_your_data(two_users: Any) -> None:
    ada, bob, ids = two_users
    assert [a["id"] for a in bob.get("/api/attempts").json()] == [ids["bob_attempt"]]
    assert len(ada.get("/api/attempts").json()) == 2
    detail = bob.get("/api/exercises/merge-intervals").json()
    assert "ada" not in detail["code"] and len(detail["history"]) == 1
    assert detail["clock"]["started_at"] is None
    assert ada.get("/api/exercises/merge-intervals").json()["code"] == "ada's draft"
    assert bob.get("/api/dashboard").json()["totals"]["submissions"] == 1
    assert ada.get("/api/dashboard").json()["totals"]["submissions"] == 2
    page = bob.get("/exercises/merge-intervals/history").text
    assert f'/attempts/{ids["attempt"]}"' not in page
    assert "ada" not in bob.get("/exercises/merge-intervals").text


def test_admin_endpoints_need_an_admin(two_users: Any) -> None:
    _ada, bob, _ids = two_users
    assert bob.get("/api/admin/users").status_code == 403
    assert bob.post("/api/admin/invites", json={}).status_code == 403
    assert bob.post("/api/admin/users/1/active", json={"active": False}).status_code == 403
    assert bob.post("/api/admin/invites/1/revoke").status_code == 403
    assert bob.get("/admin", headers={"Accept": "text/html"}).status_code == 403


# Admin, invites and sign-up


@pytest.fixture
def admin(server_app: Any, store: Store) -> TestClient:
    add_user(store, "root", admin=True)
    return login(server_app, "root")


def signup(
    app: Any, code: str, name: str, password: str = PASSWORD, confirm: str | None = None
) -> Any:
    c = TestClient(app, follow_redirects=False)
    token = csrf(c)
    del c.headers["X-CSRF-Token"]
    form = {
        "code": code,
        "username": name,
        "password": password,
        "confirm": confirm or password,
        "csrf_token": token,
    }
    return c, c.post("/signup", data=form)


def test_invite_signup_and_login(admin: TestClient, server_app: Any, store: Store) -> None:
    r = admin.post("/api/admin/invites", json={"note": "for ada"})
    assert r.status_code == 201
    invite = r.json()
    assert invite["state"] == "open" and invite["url"].endswith(f"/signup?code={invite['code']}")
    c, r = signup(server_app, invite["code"], "ada")
    assert r.status_code == 303
    assert c.get("/api/me").json()["user"]["username"] == "ada"
    assert login(server_app, "ada").get("/api/me").json()["user"]["is_admin"] is False
    states = {i["id"]: i["state"] for i in admin.get("/api/admin/invites").json()}
    assert states[invite["id"]] == "used"
    _c, again = signup(server_app, invite["code"], "eve")
    assert again.status_code == 422 and "used" in again.text


@pytest.mark.parametrize(
    ("name", "password", "confirm", "message"),
    [
        ("a", PASSWORD, None, "username"),
        ("local", PASSWORD, None, "reserved"),
        ("has space", PASSWORD, None, "username"),
        ("ada", "short", None, "at least 10"),
        ("ada", PASSWORD, "something else", "differ"),
        ("root", PASSWORD, None, "taken"),
    ],
)
def test_signup_errors_keep_the_invite(
    admin: TestClient, server_app: Any, name: str, password: str, confirm: str | None, message: str
) -> None:
    code = admin.post("/api/admin/invites", json={}).json()["code"]
    _c, r = signup(server_app, code, name, password, confirm)
    assert r.status_code == 422 and message in r.text
    _c, ok = signup(server_app, code, "ada")
    assert ok.status_code == 303


def test_signup_page_states(admin: TestClient, server_app: Any) -> None:
    invite = admin.post("/api/admin/invites", json={"is_admin": True}).json()
    c = TestClient(server_app)
    assert "admin" in c.get(f"/signup?code={invite['code']}").text
    assert "not valid" in c.get("/signup?code=nope").text
    admin.post(f"/api/admin/invites/{invite['id']}/revoke")
    assert "revoked" in c.get(f"/signup?code={invite['code']}").text


def test_admin_disables_and_enables(admin: TestClient, server_app: Any, store: Store) -> None:
    uid = add_user(store, "ada")
    ada = login(server_app, "ada")
    users = {u["username"]: u for u in admin.get("/api/admin/users").json()}
    assert set(users) == {"root", "ada"} and "password_hash" not in users["ada"]
    r = admin.post(f"/api/admin/users/{uid}/active", json={"active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert ada.get("/api/exercises").status_code == 401
    admin.post(f"/api/admin/users/{uid}/active", json={"active": True})
    assert login(server_app, "ada").get("/api/exercises").status_code == 200
    me = admin.get("/api/me").json()["user"]["id"]
    r = admin.post(f"/api/admin/users/{me}/active", json={"active": False})
    assert r.status_code == 422 and "your own" in r.json()["message"]
    assert admin.post("/api/admin/users/999/active", json={"active": False}).status_code == 404
    assert admin.post("/api/admin/invites/999/revoke").status_code == 404


def test_admin_html_forms(admin: TestClient) -> None:
    token = admin.headers["X-CSRF-Token"]
    page = admin.post(
        "/admin/invites", data={"note": "n", "csrf_token": token}, headers={"X-CSRF-Token": ""}
    )
    assert page.status_code == 200 and "/signup?code=" in page.text
    invite = admin.get("/api/admin/invites").json()[0]
    r = admin.post(
        f"/admin/invites/{invite['id']}/revoke",
        data={"csrf_token": token},
        headers={"X-CSRF-Token": ""},
    )
    assert r.status_code == 200 and admin.get("/api/admin/invites").json()[0]["state"] == "revoked"


def test_first_admin_setup_code(store: Store, server_app: Any) -> None:
    code = invites.admin_setup_code(store)
    assert code is not None
    newer = invites.admin_setup_code(store)
    assert newer is not None and newer != code
    _c, old = signup(server_app, code, "root")
    assert old.status_code == 422
    c, r = signup(server_app, newer, "root")
    assert r.status_code == 303 and c.get("/api/me").json()["user"]["is_admin"] is True
    assert invites.admin_setup_code(store) is None
