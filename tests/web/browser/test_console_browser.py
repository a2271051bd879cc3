"""The exercise page in Chromium: the console panel, progress while grading, the badge."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, LiveServer
from test_accessibility_browser import violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SLOW = REPO / "tests" / "fixtures" / "slow_packs" / "coding" / "slow-checks"
BUGGY = "def merge_intervals(intervals):\n    print('looked at', len(intervals))\n    return intervals\n"


def record_posts(page: Any) -> None:
    page.add_init_script(
        """
        window.__posts = [];
        const orig = window.fetch;
        window.fetch = (url, opts) => {
          if (opts && opts.method === "POST") window.__posts.push(String(url));
          return orig(url, opts);
        };
        """
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_console_runs_by_keyboard_and_shows_both_sides(
    start_server: Callable[..., LiveServer], browser: Any, scheme: str, shots: Path
) -> None:
    server = start_server()
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)  # bypass: axe
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    record_posts(page)
    try:
        page.goto(server.url + "exercises/merge-intervals")
        page.locator("#editor .cm-content").wait_for()
        page.evaluate(f"window.mldrillsEditor.setValue({BUGGY!r})")
        summary = page.locator("#console summary")
        summary.focus()
        page.keyboard.press("Enter")  # a disclosure: opens by keyboard
        box = page.get_by_label("Input")
        page.wait_for_function("document.querySelector('#console-input').value.length > 0")
        assert box.input_value().startswith("merge_intervals(")  # the example, prefilled
        box.fill("merge_intervals([[1, 3], [2, 6]])")
        box.press("Control+Enter")
        row = page.locator("#console-output tbody tr")
        row.wait_for()
        assert row.locator("[data-side=yours] pre").first.inner_text() == "[[1, 3], [2, 6]]"
        assert row.locator("[data-side=reference] pre").first.inner_text() == "[(1, 6)]"
        assert row.locator(".badge").last.text_content() == "differ"
        assert "looked at 2" in row.locator("[data-side=yours] details").inner_text()
        posts = page.evaluate("window.__posts")
        assert "/api/exercises/merge-intervals/console" in posts
        assert not any(p.endswith("/submissions") for p in posts)  # not a run, not a submit
        assert page.locator("#result .verdict").count() == 0
        box.fill("merge_intervals(__import__('os'))")
        page.get_by_role("button", name="Run in console").click()
        page.locator("#console-output [role=alert]").wait_for()
        assert "is not allowed" in page.locator("#console-output [role=alert]").inner_text()
        box.fill("merge_intervals([[1, 3], [2, 6]])")
        box.press("Control+Enter")
        row.wait_for()
        page.locator("#console").screenshot(path=str(shots / f"console-{scheme}.png"))
        found = [v for v in violations(page) if any("console" in str(n) for n in v["nodes"])]
        assert not found, found
    finally:
        context.close()
    assert not errors, errors


def test_progress_shows_while_grading_and_the_badge_follows_the_verdict(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], tmp_path: Path
) -> None:
    shutil.copytree(SLOW, tmp_path / "packs" / "coding" / "slow-checks")
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/slow-checks")
    page.locator("#editor .cm-content").wait_for()
    badge = page.locator(".ex-meta .pstatus")
    assert badge.text_content() == "○ new"
    page.evaluate("window.mldrillsEditor.setValue('def echo(x):\\n    return x\\n')")
    page.locator("#submit-btn").click()
    page.locator("#result .verdict-progress").wait_for(timeout=60_000)
    # Read the line without Playwright's auto-wait: it disappears when the verdict
    # arrives, and waiting for a gone element would time out instead of ending the loop.
    read = "() => document.querySelector('#result .verdict-progress')?.innerText ?? null"
    seen: set[str] = set()
    deadline = time.monotonic() + 120
    while page.locator("#result .verdict-pass").count() == 0:
        assert time.monotonic() < deadline, f"no verdict within 120 s; progress seen: {seen}"
        text = page.evaluate(read)
        if text is not None:
            seen.add(text)
        page.wait_for_timeout(50)
    assert any(text.startswith("Running check") for text in seen), seen
    assert all("secret case" not in text for text in seen), seen
    assert badge.text_content() == "✓ solved"  # without a reload
