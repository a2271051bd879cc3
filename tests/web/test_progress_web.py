"""While a submission runs, the API and the result panel say which check runs; hidden
checks are counted but not named."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import config, csrf

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.store import Store
from mldrills.web.app import create_app

SLOW = Path(__file__).resolve().parents[1] / "fixtures" / "slow_packs"
ECHO = "def echo(x):\n    return x\n"


@pytest.fixture
def slow_client(store: Store) -> Iterator[TestClient]:
    """The app over the slow-checks pack with a real judge (each check waits 0.4 s)."""
    catalog = Catalog(SLOW)
    with Judge(catalog, preload_torch=False, slots=1) as judge:
        app = create_app(store=store, catalog=catalog, judge=judge, config=config(False))
        with TestClient(app, raise_server_exceptions=False) as c:
            csrf(c)
            yield c


def test_progress_names_visible_checks_and_only_counts_hidden_ones(
    slow_client: TestClient,
) -> None:
    r = slow_client.post("/api/exercises/slow-checks/submissions", json={"code": ECHO})
    assert r.status_code == 202, r.text
    url = r.json()["url"]
    seen: dict[str, dict[str, object]] = {}
    panels: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = slow_client.get(url).json()
        if body["status"] not in ("pending", "running"):
            break
        if body.get("progress"):
            seen[body["progress"]["text"]] = body["progress"]
            if len(panels) < 3:
                panels.append(slow_client.get(f"/submissions/{body['id']}").text)
        time.sleep(0.05)
    assert body["status"] == "pass", body
    assert body.get("progress") is None  # finished: the verdict, not progress
    assert (
        "Running check 1 of 5: visible echo 1" in seen
        or "Running check 2 of 5: visible echo 2" in seen
    )
    hidden = [p for text, p in seen.items() if text.startswith("Running hidden check")]
    assert hidden and all(p["check"] is None and p["hidden"] is True for p in hidden)
    assert not any("secret case" in text for text in seen)
    assert any("Running check" in panel or "Running hidden check" in panel for panel in panels)
    assert not any("secret case" in panel for panel in panels)
