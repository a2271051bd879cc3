"""The exercise clock in Chromium: starts on an edit, survives reloads, pauses, stops, restarts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import REPO, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SOLUTION = (REPO / "packs/coding/merge-intervals/solution.py").read_text(encoding="utf-8")

SET_HIDDEN = """(hidden) => {
  Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
  Object.defineProperty(document, "visibilityState", {
    configurable: true, get: () => (hidden ? "hidden" : "visible") });
  document.dispatchEvent(new Event("visibilitychange"));
}"""


def clock_api(page: Any, server: LiveServer) -> dict[str, Any]:
    response = page.request.get(server.url + "api/exercises/merge-intervals/clock")
    data: dict[str, Any] = response.json()
    return data


def state(page: Any) -> str:
    return str(page.get_attribute("#clock", "data-state"))


def open_exercise(page: Any, server: LiveServer) -> None:
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()


def test_clock_starts_on_edit_survives_reload_and_pauses(
    start_server: Callable[..., LiveServer],
    new_page: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MLDRILLS_CLOCK_AWAY_SECONDS", "1")
    server = start_server()
    page = new_page()
    open_exercise(page, server)
    assert state(page) == "new" and page.inner_text("#clock-state") == "starts when you edit"
    page.wait_for_timeout(1200)
    assert page.inner_text("#clock-time") == "0:00"  # opening the page starts nothing
    assert page.locator("#clock-away-note").inner_text().endswith("over 1 s")
    page.locator("#editor .cm-content").click()
    page.keyboard.type("# thinking\n")
    page.locator("#clock[data-state=running]").wait_for()
    page.wait_for_timeout(1500)
    before = clock_api(page, server)["elapsed_s"]
    page.reload()  # a reload neither resets the clock nor stops it
    page.locator("#clock[data-state=running]").wait_for()
    assert clock_api(page, server)["elapsed_s"] >= before >= 1
    page.click("#clock-pause")
    page.locator("#clock[data-state=paused]").wait_for()
    held = page.inner_text("#clock-time")
    page.wait_for_timeout(1500)
    assert page.inner_text("#clock-time") == held
    page.reload()
    page.locator("#clock[data-state=paused]").wait_for()
    assert page.inner_text("#clock-time") == held
    page.click("#clock-resume")
    page.locator("#clock[data-state=running]").wait_for()
    # The page hidden longer than the limit: the clock pauses as of when it was hidden.
    page.evaluate(SET_HIDDEN, True)
    hidden_at = clock_api(page, server)["elapsed_s"]
    page.wait_for_timeout(3000)
    page.evaluate(SET_HIDDEN, False)
    page.locator("#clock[data-state=paused]").wait_for()
    assert "page was away" in page.inner_text("#clock-state")
    away = clock_api(page, server)
    assert away["paused_reason"] == "away" and away["elapsed_s"] < hidden_at + 1.5
    page.locator("#editor .cm-content").click()
    page.keyboard.type("x")  # typing resumes it
    page.locator("#clock[data-state=running]").wait_for()


def test_clock_stops_at_the_pass_and_restarts_only_when_confirmed(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    open_exercise(page, server)
    page.click("#clock-start")
    page.locator("#clock[data-state=running]").wait_for()
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(SOLUTION)
    page.click("#submit-btn")
    page.locator("#result .verdict-pass").wait_for(timeout=60_000)
    page.locator("#clock[data-state=stopped]").wait_for()
    assert page.inner_text("#clock-state") == "solved"
    # The pass also says how its time compares with the reference's, and how noisy that is.
    speed = page.locator("#result .speed-note").inner_text()
    assert "x the reference" in speed and "noisy measurement" in speed, speed
    solved = page.inner_text("#clock-time")
    page.reload()  # after a solve the clock stays stopped: no counting on
    page.locator("#clock[data-state=stopped]").wait_for()
    page.wait_for_timeout(1500)
    assert page.inner_text("#clock-time") == solved
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#clock-restart")
    page.wait_for_timeout(500)
    assert state(page) == "stopped" and clock_api(page, server)["restarts"] == 0
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#clock-restart")
    page.locator("#clock[data-state=running]").wait_for()
    assert clock_api(page, server)["restarts"] == 1
