"""The /exercises list: status 'due', sorting, progress columns, and state kept in the URL."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from web_support import GOOD, wait_done


def submit(client: TestClient, code: str, slug: str = "merge-intervals") -> None:
    r = client.post(f"/api/exercises/{slug}/submissions", json={"code": code, "hidden": True})
    assert r.status_code == 202, r.text
    wait_done(client, r.json()["id"])


def slugs(client: TestClient, query: str) -> list[str]:
    r = client.get(f"/api/exercises?{query}")
    assert r.status_code == 200, r.text
    return [row["slug"] for row in r.json()]


def test_due_status_and_progress_fields(client: TestClient) -> None:
    assert slugs(client, "status=due") == []
    submit(client, GOOD + "\n# BUG\n")  # a failed submission queues the exercise for review
    assert slugs(client, "status=due") == ["merge-intervals"]
    [row] = [r for r in client.get("/api/exercises").json() if r["slug"] == "merge-intervals"]
    assert row["due"] and row["status"] == "attempted" and row["solved_at"] is None
    assert row["last_attempt_at"] is not None and row["syllabus_area"] == "coding"
    submit(client, GOOD)
    [row] = [r for r in client.get("/api/exercises").json() if r["slug"] == "merge-intervals"]
    assert row["status"] == "solved" and row["solved_at"] is not None


def test_sort_and_area_parameters(client: TestClient) -> None:
    assert slugs(client, "sort=title") == ["dot-product", "merge-intervals"]
    assert slugs(client, "sort=-title") == ["merge-intervals", "dot-product"]
    assert slugs(client, "area=linear") == ["dot-product"]  # syllabus area 4
    assert slugs(client, "area=4") == ["dot-product"]
    submit(client, GOOD)
    assert slugs(client, "sort=-last") == ["merge-intervals", "dot-product"]
    for bad in ("sort=colour", "sort=--title", "area=nope"):
        r = client.get(f"/api/exercises?{bad}")
        assert r.status_code in (404, 422) and r.json()["message"], bad


def header_links(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="sort-(\w+)" href="([^"]+)"', html))


def test_sortable_headers_keep_the_filters_and_toggle(client: TestClient) -> None:
    html = client.get("/exercises?difficulty=easy&sort=title").text
    links = header_links(html)
    assert links["title"] == "/exercises?difficulty=easy&amp;sort=-title"  # asc -> desc
    assert links["last"] == "/exercises?difficulty=easy&amp;sort=-last"  # newest first
    assert links["difficulty"] == "/exercises?difficulty=easy&amp;sort=difficulty"
    assert re.search(r'<th scope="col"[^>]*aria-sort="ascending">\s*<a[^>]*id="sort-title"', html)
    # The sort survives a filter change: the form owns a hidden field with it.
    assert '<input type="hidden" name="sort" value="title" form="filters">' in html
    assert '<form class="filters" id="filters" method="get" action="/exercises"' in html


def test_table_shows_status_solved_and_last_attempt(client: TestClient) -> None:
    submit(client, GOOD)
    html = client.get("/exercises").text
    row: Any = re.search(r'<tr class="ex-item" data-slug="merge-intervals".*?</tr>', html, re.S)
    assert row is not None
    assert "✓ solved" in row.group(0) and "just now" in row.group(0)
    assert re.search(r'<time datetime="[^"]+"', row.group(0))
    other: Any = re.search(r'<tr class="ex-item" data-slug="dot-product".*?</tr>', html, re.S)
    assert "not yet" in other.group(0) and "never" in other.group(0)
