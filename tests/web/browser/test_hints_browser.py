"""Hints, giving up and the solution reveal in Chromium, against a real server and judge."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SLUG = "merge-intervals"
PAGE = f"exercises/{SLUG}"
EDITORIAL = """---
hints:
  - "Which order puts overlapping intervals next to each other?"
  - "Sort by start; then an interval can only overlap the last block, when $s \\\\le e$."
  - "Touching intervals merge too, and a nested one must not shrink the block."
---
## The idea
Sort by start and sweep once, growing the last block while $s \\le e_{last}$.

## Complexity
$O(n \\log n)$ time for the sort, $O(n)$ memory for the output.

## Alternatives
A sweep over start and end events sorted by position.
"""


@pytest.fixture
def server(start_server: Callable[..., LiveServer], tmp_path: Path) -> LiveServer:
    (tmp_path / "packs" / "coding" / SLUG / "editorial.md").write_text(EDITORIAL)
    return start_server()


def open_exercise(server: LiveServer, page: Any) -> None:
    page.goto(server.url + PAGE)
    page.locator("#editor .cm-content").wait_for()


def solution_status(server: LiveServer, page: Any) -> int:
    """What the server answers this browser's session for the solution JSON."""
    return int(page.request.get(server.url + f"api/exercises/{SLUG}/solution").status)


def test_hint_ladder_reveals_one_rung_at_a_time(server: LiveServer, new_page: Any) -> None:
    page = new_page()
    open_exercise(server, page)
    button = page.locator("#hint-btn")
    assert button.inner_text() == "Hint 1 of 3"
    assert "costs the “solved without hints” mark" in page.locator("#hint-cost").inner_text()
    button.click()
    page.locator("#hint-list .hint").first.wait_for()
    assert "overlapping intervals" in page.locator("#hint-list").inner_text()
    page.wait_for_function("document.querySelector('#hint-btn').textContent === 'Hint 2 of 3'")
    button.click()
    page.locator("#hint-list .hint:nth-child(2) .katex").wait_for()  # the math is typeset
    page.reload()
    page.locator("#hint-list .hint:nth-child(2)").wait_for()
    assert page.locator("#hint-list .hint").count() == 2
    assert button.inner_text() == "Hint 3 of 3"
    button.click()
    page.locator("#hint-list .hint:nth-child(3)").wait_for()
    assert button.is_hidden()
    assert solution_status(server, page) == 403  # hints alone unlock nothing
    assert page.locator("#solution-panel").count() == 0


def test_give_up_asks_first_then_shows_the_solution(
    server: LiveServer, new_page: Any, shots: Path
) -> None:
    page = new_page()
    open_exercise(server, page)
    page.locator("#giveup-btn").click()
    dialog = page.locator("#giveup-dialog")
    dialog.wait_for(state="visible")
    page.screenshot(path=str(shots / "exercise-give-up-dialog.png"))
    assert "solved after giving up" in dialog.inner_text()
    page.locator("#giveup-cancel").click()
    dialog.wait_for(state="hidden")
    assert solution_status(server, page) == 403
    page.locator("#giveup-btn").click()
    page.locator("#giveup-confirm").click()
    panel = page.locator("#solution-panel")
    panel.wait_for()
    assert page.locator("#giveup-btn").is_hidden() and page.locator("#hint-btn").is_hidden()
    assert "You gave up" in page.locator("#hint-cost").inner_text()
    editorial = page.locator("#pane-editorial")
    assert "Sort by start and sweep once" in editorial.inner_text()
    editorial.locator(".katex").first.wait_for()
    assert "$" not in editorial.inner_text()
    page.locator("#tab-mistakes").click()
    mistakes = page.locator("#pane-mistakes")
    assert mistakes.is_visible() and editorial.is_hidden()
    assert mistakes.locator("li").count() >= 3
    page.locator("#tab-mistakes").press("ArrowRight")  # keyboard moves to the next tab
    reference = page.locator("#pane-reference")
    reference.wait_for(state="visible")
    reference_text = (REPO / "packs/coding/merge-intervals/solution.py").read_text()
    assert reference.inner_text().strip() == reference_text.strip()
    assert reference.locator(".hl-k").count() > 0  # highlighted
    assert solution_status(server, page) == 200
    page.locator("#tab-editorial").click()
    panel.screenshot(path=str(shots / "exercise-solution-panel.png"))
    page.reload()
    page.locator("#solution-panel").wait_for()  # it stays revealed


def test_an_accepted_submission_reveals_the_solution(server: LiveServer, new_page: Any) -> None:
    page = new_page()
    open_exercise(server, page)
    assert page.locator("#solution-panel").count() == 0
    good = (REPO / "packs/coding/merge-intervals/solution.py").read_text()
    page.evaluate("code => window.mldrillsEditor.setValue(code)", good)
    page.locator("#submit-btn").click()
    panel = page.locator("#solution-panel")
    panel.wait_for(timeout=120_000)
    assert "solved without hints" in panel.locator("h2").inner_text()
    assert "hints no longer cost anything" in page.locator("#hint-cost").inner_text()
    page.locator("#pane-editorial .katex").first.wait_for()
