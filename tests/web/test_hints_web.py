"""The hint ladder, giving up and the solution panel over HTTP: nothing leaks before a solve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import GOOD, add_user, login, wait_done

from mldrills.store import Store

SLUG = "merge-intervals"
# A comment of the reference solution and a line of the editorial that must not leak early.
REFERENCE_LINE = "overlaps or touches the last block"
EDITORIAL_LINE = "sweep once, stretching the open block"
EDITORIAL = f"""---
hints:
  - "Which order makes overlapping intervals neighbours?"
  - "After sorting by start, compare with the last block only: $s \\\\le e$."
---
## The idea
Sort by start, then {EDITORIAL_LINE} while $s \\le e_{{last}}$.

## Complexity
$O(n \\log n)$ for the sort.

## Alternatives
Events sorted by position.
"""


@pytest.fixture(autouse=True)
def editorial(packs_dir: Path) -> None:
    (packs_dir / "coding" / SLUG / "editorial.md").write_text(EDITORIAL, encoding="utf-8")


def _pass(client: TestClient) -> None:
    r = client.post(f"/api/exercises/{SLUG}/submissions", json={"code": GOOD, "hidden": True})
    assert wait_done(client, r.json()["id"])["status"] == "pass"


def _assert_locked(client: TestClient) -> None:
    api = client.get(f"/api/exercises/{SLUG}/solution")
    assert api.status_code == 403
    assert api.json()["message"] == f"the solution of {SLUG} is shown after you solve it or give up"
    page = client.get(f"/exercises/{SLUG}/solution")
    assert page.status_code == 403 and "after you solve it or give up" in page.text
    fragment = client.get(f"/exercises/{SLUG}/solution", headers={"HX-Request": "true"})
    assert fragment.status_code == 403
    for text in (api.text, page.text, fragment.text, client.get(f"/exercises/{SLUG}").text):
        assert REFERENCE_LINE not in text and EDITORIAL_LINE not in text
        assert 'id="solution-panel"' not in text


def test_nothing_is_served_before_a_solve_or_give_up(client: TestClient) -> None:
    _assert_locked(client)
    client.post(f"/api/exercises/{SLUG}/hints")
    client.post(f"/api/exercises/{SLUG}/hints")
    r = client.post(f"/api/exercises/{SLUG}/submissions", json={"code": "BUG", "hidden": True})
    assert wait_done(client, r.json()["id"])["status"] == "fail"
    _assert_locked(client)  # every hint and a failing submission still unlock nothing


def test_hint_ladder_over_the_api_and_on_the_page(client: TestClient) -> None:
    page = client.get(f"/exercises/{SLUG}").text
    assert ">Hint 1 of 2</button>" in page and "costs the “solved without hints” mark" in page
    assert "Which order" not in page and "compare with the last block" not in page
    assert client.get(f"/api/exercises/{SLUG}/help").json()["hints"] == []
    first = client.post(f"/api/exercises/{SLUG}/hints")
    assert first.status_code == 200
    body = first.json()
    assert body["hints"] == ["Which order makes overlapping intervals neighbours?"]
    assert body["next_rung"] == 2 and body["unlocked"] is False
    page = client.get(f"/exercises/{SLUG}").text
    assert ">Hint 2 of 2</button>" in page and "compare with the last block" not in page
    second = client.post(f"/api/exercises/{SLUG}/hints").json()
    assert second["next_rung"] is None
    assert '<span class="math">s \\le e</span>' in second["hints_html"][1]
    third = client.post(f"/api/exercises/{SLUG}/hints")
    assert third.status_code == 422 and "all 2 hints" in third.json()["message"]
    assert client.get(f"/api/exercises/{SLUG}/help").json()["hints_revealed"] == 2


def test_give_up_needs_confirmation_then_reveals(client: TestClient) -> None:
    for body in ({"confirm": False}, {}, {"confirm": "yes"}):
        r = client.post(f"/api/exercises/{SLUG}/give-up", json=body)
        assert r.status_code == 422, body
    _assert_locked(client)
    r = client.post(f"/api/exercises/{SLUG}/give-up", json={"confirm": True})
    assert r.status_code == 200 and r.json()["unlocked"] and r.json()["gave_up_at"]
    data = client.get(f"/api/exercises/{SLUG}/solution").json()
    assert data["reference"] == GOOD and 'class="hl-k"' in data["reference_html"]
    sections = data["editorial"]["sections"]
    assert [s["title"] for s in sections] == ["The idea", "Complexity", "Alternatives"]
    assert EDITORIAL_LINE in sections[0]["html"] and 'class="math"' in sections[0]["html"]
    assert len(data["mistakes"]) >= 3 and all(m["caught_by"] for m in data["mistakes"])
    fragment = client.get(f"/exercises/{SLUG}/solution", headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith("<section") and "<html" not in fragment
    assert "Common mistakes (" in fragment and REFERENCE_LINE in fragment
    page = client.get(f"/exercises/{SLUG}").text
    assert 'id="solution-panel"' in page and "given up" in page
    assert "You gave up: the editorial below lists every hint." in page
    _pass(client)
    assert client.get(f"/api/exercises/{SLUG}/help").json()["mark"] == "gave-up"


def test_an_accepted_submission_unlocks_a_clean_solve(client: TestClient) -> None:
    _pass(client)
    help_ = client.get(f"/api/exercises/{SLUG}/help").json()
    assert help_["unlocked"] and help_["mark"] == "clean"
    page = client.get(f"/exercises/{SLUG}").text
    assert "solved without hints" in page and 'id="solution-panel"' in page
    assert "hints no longer cost anything" in page
    assert client.get(f"/exercises/{SLUG}/solution").status_code == 200


def test_unknown_exercise_is_404(client: TestClient) -> None:
    assert client.get("/api/exercises/nope/help").status_code == 404
    assert client.post("/api/exercises/nope/hints").status_code == 404
    assert client.post("/api/exercises/nope/give-up", json={"confirm": True}).status_code == 404
    assert client.get("/api/exercises/nope/solution").status_code == 404


def test_one_users_give_up_unlocks_nothing_for_another(server_app: Any, store: Store) -> None:
    add_user(store, "ada")
    add_user(store, "bob")
    ada, bob = login(server_app, "ada"), login(server_app, "bob")
    assert ada.post(f"/api/exercises/{SLUG}/give-up", json={"confirm": True}).status_code == 200
    assert ada.get(f"/api/exercises/{SLUG}/solution").status_code == 200
    assert bob.get(f"/api/exercises/{SLUG}/solution").status_code == 403
    assert bob.get(f"/api/exercises/{SLUG}/help").json()["hints_revealed"] == 0


def test_dashboard_counts_solves_without_hints(client: TestClient) -> None:
    _pass(client)
    data = client.get("/api/dashboard").json()
    assert data["marks"] == {SLUG: "clean"} and data["totals"]["clean_solves"] == 1
    assert "Solved · 1 without hints" in client.get("/").text


def test_dashboard_mark_after_a_hint(client: TestClient) -> None:
    client.post(f"/api/exercises/{SLUG}/hints")
    _pass(client)
    data = client.get("/api/dashboard").json()
    assert data["marks"] == {SLUG: "hints"} and data["totals"]["clean_solves"] == 0


def test_every_shipped_editorial_renders_without_raw_tex() -> None:
    """What the solution panel shows: formulas marked for KaTeX, no dollar left in the text."""
    import re

    from test_guides import REPO_PACKS, _outside_math_and_code

    from mldrills.content import Catalog
    from mldrills.content.editorial import load_editorial
    from mldrills.web.markdown import render

    shown = 0
    for ex in Catalog(REPO_PACKS).all():
        editorial = load_editorial(ex)
        if editorial is None:
            continue
        shown += 1
        for text in (editorial.markdown, *editorial.hints):
            leftover = re.search(r"\$(?!\d)", _outside_math_and_code(render(text)))
            assert leftover is None, f"{ex.slug}: {text[:80]}"
    assert shown >= 18  # the coding folder at least
