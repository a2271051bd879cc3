"""In a real browser: the sortable exercise list, dark mode (system and override), editor
settings that persist across reloads and browsers, and the exercise page by keyboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import LAPTOP, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DARK_BG, LIGHT_BG = "rgb(15, 18, 24)", "rgb(245, 246, 248)"


def background(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def row_slugs(page: Any) -> list[str]:
    return list(page.eval_on_selector_all(".ex-item", "rows => rows.map(r => r.dataset.slug)"))


def test_sortable_columns_and_filters_keep_state_in_the_url(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises")
    assert row_slugs(page) == ["merge-intervals", "kmeans"] or len(row_slugs(page)) == 2
    page.click("#sort-title")
    page.wait_for_url("**sort=title**")
    assert row_slugs(page) == ["kmeans", "merge-intervals"]  # K before M
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "ascending"
    page.click("#sort-title")
    page.wait_for_url("**sort=-title**")
    assert row_slugs(page) == ["merge-intervals", "kmeans"]
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"
    page.select_option("#f-difficulty", "easy")  # a filter change keeps the sort
    page.wait_for_url("**difficulty=easy**")
    assert "sort=-title" in page.url
    page.reload()  # the URL alone restores the view
    assert page.locator("#f-difficulty").input_value() == "easy"
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "descending"
    page.select_option("#f-status", "due")
    page.locator(".empty", has_text="No exercise matches").wait_for()


def test_dark_mode_follows_the_system_until_overridden(
    start_server: Callable[..., LiveServer], browser: Any
) -> None:
    server = start_server()
    dark = browser.new_context(viewport=LAPTOP, color_scheme="dark")
    page = dark.new_page()
    page.goto(server.url)
    assert background(page) == DARK_BG
    assert page.locator("#theme-select").input_value() == "system"
    page.select_option("#theme-select", "light")
    page.wait_for_function("() => document.documentElement.dataset.theme === 'light'")
    assert background(page) == LIGHT_BG
    page.wait_for_function(
        "() => JSON.parse(document.documentElement.dataset.prefs).theme === 'light'"
    )
    assert page.locator("#chart-attempts canvas").count() == 1  # redrawn, not duplicated
    page.reload()
    assert background(page) == LIGHT_BG and page.locator("#theme-select").input_value() == "light"
    dark.close()
    # A light system with the saved choice switched to dark, in a fresh browser profile:
    # the choice comes from the server, not from this browser's storage.
    light = browser.new_context(viewport=LAPTOP, color_scheme="light")
    page = light.new_page()
    page.goto(server.url + "exercises")
    assert background(page) == LIGHT_BG
    page.select_option("#theme-select", "dark")
    page.wait_for_function(
        "() => JSON.parse(document.documentElement.dataset.prefs).theme === 'dark'"
    )
    other = browser.new_context(viewport=LAPTOP, color_scheme="light").new_page()
    other.goto(server.url + "exercises/merge-intervals")
    assert background(other) == DARK_BG
    other.locator("#editor .cm-content").wait_for()
    editor_bg = other.evaluate(
        "getComputedStyle(document.querySelector('.cm-editor')).backgroundColor"
    )
    assert editor_bg == "rgb(13, 17, 23)"  # the editor follows the theme too
    page.select_option("#theme-select", "system")
    page.wait_for_function("() => document.documentElement.dataset.theme === undefined")
    assert background(page) == LIGHT_BG
    light.close()


def test_editor_settings_persist_across_reload_and_browsers(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()
    page.click("#editor-settings summary")
    page.select_option("#ed-font-size", "20")
    page.select_option("#ed-tab-width", "2")
    page.select_option("#ed-keymap", "vim")
    page.wait_for_function(
        "() => JSON.parse(document.documentElement.dataset.prefs).editor_keymap === 'vim'"
    )
    font = "getComputedStyle(document.querySelector('.cm-scroller')).fontSize"
    assert page.evaluate(font) == "20px"
    for fresh in (page, new_page()):  # a reload, then another browser profile
        if fresh is page:
            page.reload()
        else:
            fresh.goto(server.url + "exercises/merge-intervals")
        fresh.locator("#editor .cm-content").wait_for()
        fresh.wait_for_function(f"() => {font} === '20px'")
        assert fresh.locator("#ed-keymap").input_value() == "vim"
        assert fresh.locator("#ed-tab-width").input_value() == "2"
        fresh.locator(".cm-vim-panel, .cm-fat-cursor").first.wait_for(state="attached")
    # Vim keys work: in normal mode "x" deletes a character instead of typing one.
    page.click("#editor .cm-content")
    page.keyboard.press("Escape")
    page.keyboard.press("g")
    page.keyboard.press("g")
    page.keyboard.press("0")
    before = page.evaluate("window.mldrillsEditor.getValue()")
    page.keyboard.press("x")
    after = page.evaluate("window.mldrillsEditor.getValue()")
    assert after == before[1:]
    # Leaving the editor by keyboard in Vim mode: Esc (normal mode), then Esc and Tab.
    page.keyboard.press("i")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert not page.evaluate("document.activeElement.closest('.cm-editor')")


def test_exercise_page_by_keyboard_alone(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()
    focused = "document.activeElement"
    page.keyboard.press("Tab")
    assert page.evaluate(f"{focused}.classList.contains('skip')")  # first stop: skip link
    seen: list[str] = []
    for _ in range(40):  # walk forward until the editor takes focus
        page.keyboard.press("Tab")
        seen.append(page.evaluate(f"{focused}.id || {focused}.className"))
        if page.evaluate(f"{focused}.classList.contains('cm-content')"):
            break
    else:
        raise AssertionError(f"Tab never reached the editor: {seen}")
    assert {"theme-select", "run-btn", "submit-btn"} <= set(seen)  # in reading order before it
    assert seen.index("run-btn") < seen.index("submit-btn")
    assert page.evaluate(f"{focused}.getAttribute('aria-describedby')") == "editor-leave-help"
    assert "Esc Tab leave the editor" in page.inner_text("#shortcut-hint")
    page.keyboard.type("# typed by keyboard\n")
    assert "# typed by keyboard" in page.evaluate("window.mldrillsEditor.getValue()")
    page.keyboard.press("Tab")  # inside the editor Tab indents...
    assert page.evaluate(f"{focused}.classList.contains('cm-content')")
    page.keyboard.press("Escape")  # ...until Esc: then Tab leaves it
    page.keyboard.press("Tab")
    assert not page.evaluate(f"{focused}.closest('.cm-editor')")
    outline = page.evaluate(f"getComputedStyle({focused}).outlineStyle")
    assert outline != "none"  # the focus is visible
    help_text = (
        page.inner_text("#editor-leave-help", timeout=1000)
        if page.locator("#editor-settings[open]").count()
        else page.text_content("#editor-leave-help")
    )
    assert "Esc" in (help_text or "") and "Tab" in (help_text or "")
