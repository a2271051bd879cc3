"""Display preferences per user: GET/PUT /api/prefs, validation, and the page carrying them."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from mldrills.store import Store

DEFAULTS = {
    "theme": "system",
    "editor_font_size": 14,
    "editor_tab_width": 4,
    "editor_keymap": "default",
}


def page_prefs(client: TestClient, path: str = "/exercises") -> dict[str, object]:
    found = re.search(r'<html lang="en" data-prefs="([^"]*)"', client.get(path).text)
    assert found, "the page does not carry the preferences"
    prefs: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return prefs


def test_defaults_then_partial_changes_are_kept(client: TestClient, store: Store) -> None:
    assert client.get("/api/prefs").json() == DEFAULTS
    r = client.put("/api/prefs", json={"theme": "dark", "editor_keymap": "vim"})
    assert r.status_code == 200, r.text
    assert r.json() == {**DEFAULTS, "theme": "dark", "editor_keymap": "vim"}
    r = client.put("/api/prefs", json={"editor_font_size": 18, "editor_tab_width": 2})
    expected = {
        "theme": "dark",
        "editor_font_size": 18,
        "editor_tab_width": 2,
        "editor_keymap": "vim",
    }
    assert r.json() == expected and client.get("/api/prefs").json() == expected
    assert page_prefs(client) == expected and page_prefs(client, "/") == expected
    assert store.prefs(store.local_user().id).to_dict() == expected  # kept in the database


@pytest.mark.parametrize(
    "body",
    [
        {"theme": "sepia"},
        {"editor_font_size": 9},
        {"editor_font_size": 40},
        {"editor_tab_width": 3},
        {"editor_keymap": "nano"},
        {"colour": "red"},
    ],
)
def test_bad_preferences_are_422(client: TestClient, body: dict[str, object]) -> None:
    r = client.put("/api/prefs", json=body)
    assert r.status_code == 422 and r.json()["message"]
    assert client.get("/api/prefs").json() == DEFAULTS  # nothing half-saved


def test_store_refuses_bad_values(store: Store) -> None:
    from mldrills.errors import InvalidInput

    user = store.local_user().id
    with pytest.raises(InvalidInput, match="theme"):
        store.save_prefs(user, theme="blue")
    with pytest.raises(InvalidInput, match="unknown preference: colour"):
        store.save_prefs(user, colour="red")
    assert store.save_prefs(user, editor_keymap="emacs").editor_keymap == "emacs"
