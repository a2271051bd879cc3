"""Exercise page in Chromium: keyboard shortcuts to run and submit, and the editor's name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PAGE = "exercises/merge-intervals"


def open_exercise(server: LiveServer, page: Any) -> Any:
    page.goto(server.url + PAGE)
    content = page.locator("#editor .cm-content")
    content.wait_for()
    return content


def submissions(page: Any) -> list[dict[str, Any]]:
    """The grading requests the page sent (method POST to the submissions route)."""
    return list(page.evaluate("window.__posts"))


def record_posts(page: Any) -> None:
    page.add_init_script(
        """
        window.__posts = [];
        const orig = window.fetch;
        window.fetch = (url, opts) => {
          if (opts && opts.method === "POST" && String(url).endsWith("/submissions")) {
            window.__posts.push(JSON.parse(opts.body));
          }
          return orig(url, opts);
        };
        """
    )


def test_ctrl_enter_runs_and_ctrl_shift_enter_submits_from_the_editor(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    record_posts(page)
    content = open_exercise(server, page)
    content.click()
    page.keyboard.press("End")
    before = page.evaluate("window.mldrillsEditor.getValue()")
    page.keyboard.press("Control+Enter")
    page.locator("#result .verdict").wait_for()
    assert submissions(page) == [{"code": before, "hidden": False}]
    # the editor did not get a newline from the shortcut
    assert page.evaluate("window.mldrillsEditor.getValue()") == before
    page.locator("#run-btn:not([disabled])").wait_for(timeout=60_000)
    content.click()
    page.keyboard.press("Control+Shift+Enter")
    page.wait_for_function("window.__posts.length === 2")
    assert submissions(page)[1]["hidden"] is True
    assert page.evaluate("window.mldrillsEditor.getValue()") == before
    page.locator("#result .verdict").wait_for()


def test_shortcut_works_with_focus_outside_the_editor(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    record_posts(page)
    open_exercise(server, page)
    page.locator("h1").first.click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function("window.__posts.length === 1")
    assert submissions(page)[0]["hidden"] is False


def test_shortcut_hint_names_the_platform_modifier(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    open_exercise(server, page)
    hint = page.locator("#shortcut-hint")
    assert hint.is_visible()
    assert hint.inner_text() == (
        "Ctrl+Enter run · Ctrl+Shift+Enter submit · Esc Tab leave the editor"
    )
    assert "Ctrl+Enter" in (page.get_attribute("#run-btn", "title") or "")

    mac = new_page()
    mac.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });"
    )
    open_exercise(server, mac)
    assert mac.locator("#shortcut-hint").inner_text() == (
        "⌘+Enter run · ⌘+Shift+Enter submit · Esc Tab leave the editor"
    )
    assert "⌘+Shift+Enter" in (mac.get_attribute("#submit-btn", "title") or "")
    record_posts(mac)
    mac.reload()
    mac.locator("#editor .cm-content").click()
    mac.keyboard.press("Meta+Enter")
    mac.wait_for_function("window.__posts.length === 1")


def test_code_editor_has_an_accessible_name(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    content = open_exercise(server, page)
    assert content.get_attribute("aria-label") == "Solution code editor"
    assert page.get_by_role("textbox", name="Solution code editor").count() == 1
    # the name sits on the editable element itself; a label on the plain wrapper
    # div would be ignored by screen readers and flagged by audits
    assert page.get_attribute("#editor", "aria-label") is None
