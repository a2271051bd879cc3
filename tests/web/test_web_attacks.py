"""Attacks on the web app itself (issue: judge containment, web items).

Each test is written so that a successful attack makes it fail: DNS rebinding through
the Host header, forged JSON posts, probing which accounts exist, replaying a copied
cookie after sign-out or a password change, look-alike usernames, and locking someone
else's account by failing to sign in to it.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import PASSWORD, add_user, config, csrf, login

from mldrills.content import Catalog
from mldrills.errors import InvalidInput
from mldrills.store import Store
from mldrills.web import invites, passwords
from mldrills.web.app import create_app
from mldrills.web.middleware import host_name

NEW_PASSWORD = "a different long password"


# DNS rebinding: a page on evil.example resolves its name to 127.0.0.1 and calls the app.


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_unknown_host_names_are_refused(client: TestClient, host: str) -> None:
    r = client.get("/api/me", headers={"Host": host})
    assert r.status_code == 403 and "host name" in r.json()["message"]
    r = client.post(
        "/api/exercises/merge-intervals/submissions",
        json={"code": "x"},
        headers={"Host": host, "Origin": f"http://{host}"},
    )
    assert r.status_code == 403


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "LOCALHOST"])
def test_loopback_names_are_served(client: TestClient, host: str) -> None:
    assert client.get("/api/me", headers={"Host": host}).status_code == 200


def test_host_name_parsing() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.org:80") == "example.org"
    assert host_name("::1") == "::1"


def test_configured_host_names(store: Store, catalog: Catalog, judge: Any) -> None:
    cfg = config(False)
    app = create_app(
        store=store,
        catalog=catalog,
        judge=judge,
        config=type(cfg)(**{**cfg.__dict__, "allowed_hosts": ("drills.example",)}),
    )
    with TestClient(app, base_url="http://drills.example") as c:
        assert c.get("/api/me").status_code == 200
        assert c.get("/api/me", headers={"Host": "testserver"}).status_code == 403


def test_default_config_reads_allowed_hosts(env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from mldrills.web.app import default_config

    monkeypatch.setenv("MLDRILLS_ALLOWED_HOSTS", "a.example, b.example,")
    hosts = default_config(False).allowed_hosts
    assert {"localhost", "127.0.0.1", "::1", "a.example", "b.example"} == set(hosts)


# Forged state changes without a token


def test_json_post_without_origin_or_token_is_refused(make_app: Any) -> None:
    with TestClient(make_app()) as c:
        r = c.post("/api/exercises/merge-intervals/submissions", json={"code": "x"})
        assert r.status_code == 403 and "CSRF" in r.json()["message"]
        r = c.put("/api/exercises/merge-intervals/draft", json={"code": "x"})
        assert r.status_code == 403
        csrf(c)
        r = c.put("/api/exercises/merge-intervals/draft", json={"code": "x"})
        assert r.status_code in (200, 204), r.text


# Multi-user: which names exist must not show in how sign-in answers


def test_unknown_user_costs_a_password_hash(
    server_app: Any, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(store, "ada")
    calls: list[str] = []

    class Counting:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def verify(self, stored: str, password: str) -> bool:
            calls.append(stored)
            return bool(self.inner.verify(stored, password))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(passwords, "_HASHER", Counting(passwords._HASHER))
    c = TestClient(server_app)
    csrf(c)
    for name in ("ghost", "ada", "not a valid name\n"):
        r = c.post("/api/login", json={"username": name, "password": "wrong password!"})
        assert r.status_code == 401 and r.json()["message"] == "wrong username or password"
    assert len(calls) == 3  # one argon2 verification each, known name or not


# Sessions are revoked server-side


def test_sign_out_revokes_a_copied_cookie(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    c = login(server_app, "ada")
    thief = TestClient(server_app)
    thief.cookies.set("mldrills_session", c.cookies["mldrills_session"])
    assert thief.get("/api/exercises").status_code == 200
    assert c.post("/api/logout").status_code == 204
    assert thief.get("/api/exercises").status_code == 401


def test_password_change_signs_out_other_sessions(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    laptop, phone = login(server_app, "ada"), login(server_app, "ada")
    r = laptop.post(
        "/api/account/password", json={"current": "wrong password!!", "new": NEW_PASSWORD}
    )
    assert r.status_code == 403
    r = laptop.post("/api/account/password", json={"current": PASSWORD, "new": "short"})
    assert r.status_code == 422
    r = laptop.post("/api/account/password", json={"current": PASSWORD, "new": NEW_PASSWORD})
    assert r.status_code == 204, r.text
    assert laptop.get("/api/exercises").status_code == 200
    assert phone.get("/api/exercises").status_code == 401
    c = TestClient(server_app)
    csrf(c)
    r = c.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert r.status_code == 401
    r = c.post("/api/login", json={"username": "ada", "password": NEW_PASSWORD})
    assert r.status_code == 200


def test_disabling_an_account_revokes_its_sessions(server_app: Any, store: Store) -> None:
    uid = add_user(store, "ada")
    c = login(server_app, "ada")
    store.set_user_active(uid, False)
    store.set_user_active(uid, True)
    assert c.get("/api/exercises").status_code == 401


# Usernames


@pytest.mark.parametrize(
    "raw", ["local\n", "ada\n", "ada\u200b", "a d a", "ada\x00", "-ada", "a", "x" * 33, "local"]
)
def test_malformed_or_reserved_usernames_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        invites.normalize_username(raw)


@pytest.mark.parametrize("raw", ["Ada", "ADA", "\uff41\uff44\uff41"])  # the last is full-width
def test_lookalike_usernames_map_to_one_name(raw: str) -> None:
    assert invites.normalize_username(raw) == "ada"


def test_signup_refuses_a_case_variant_of_a_taken_name(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    _, code = invites.create(store, created_by=None)
    with TestClient(server_app, follow_redirects=False) as c:
        token = csrf(c)
        form = {"code": code, "username": "ADA", "password": PASSWORD, "confirm": PASSWORD}
        r = c.post("/signup", data={**form, "csrf_token": token})
        assert r.status_code == 422 and "taken" in r.text
        form["username"] = "local\n"
        r = c.post("/signup", data={**form, "csrf_token": token})
        assert r.status_code == 422
    assert [u.username for u in store.list_users()].count("ada") == 1


def test_sign_in_ignores_case(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    c = TestClient(server_app)
    csrf(c)
    r = c.post("/api/login", json={"username": "ADA", "password": PASSWORD})
    assert r.status_code == 200 and r.json()["user"]["username"] == "ada"


# Lockout: failing to sign in as someone does not lock them out


def test_failures_from_one_address_do_not_lock_out_the_owner(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    attacker = TestClient(server_app, client=("203.0.113.9", 4000))
    csrf(attacker)
    for _ in range(8):
        attacker.post("/api/login", json={"username": "ada", "password": "wrong password!"})
    r = attacker.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert r.status_code == 429  # the attacker's address is throttled...
    owner = TestClient(server_app, client=("198.51.100.7", 5000))
    csrf(owner)
    r = owner.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert r.status_code == 200  # ...the owner, elsewhere, is not
