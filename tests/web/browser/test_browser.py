"""The app in Chromium against a real server: practise, grade, time, and sign in."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import LAPTOP, PHONE, REPO, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PACK = REPO / "packs" / "coding" / "merge-intervals"
SOLUTION = (PACK / "solution.py").read_text(encoding="utf-8")
BUGGY = (PACK / "mutants" / "strict-overlap.py").read_text(encoding="utf-8")
PASSWORD = "a long enough password"


def put_code(page: Any, code: str) -> None:
    """Replace the editor's text as a paste would (CodeMirror would re-indent typed lines)."""
    page.locator("#editor .cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("# my solution\n")
    page.keyboard.insert_text(code)


def wait_verdict(page: Any, status: str, text: str = "") -> None:
    page.locator(f"#result .verdict-{status}", has_text=text).wait_for(timeout=60_000)


def shoot(page: Any, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def test_dashboard_and_exercise_filters(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url)
    assert page.locator("h1").inner_text() == "Dashboard"
    assert page.locator(".suggestion").first.inner_text().startswith("Merge intervals")
    page.locator("canvas").first.wait_for()  # uPlot drew the charts
    page.click("nav >> text=Exercises")
    assert page.locator(".ex-item").count() == 2
    page.select_option("#f-difficulty", "hard")
    page.locator(".empty", has_text="No exercise matches").wait_for()
    assert "difficulty=hard" in page.url
    page.select_option("#f-difficulty", "")
    page.fill("#f-q", "interval")
    page.locator(".ex-item[data-slug=merge-intervals]").wait_for()
    page.select_option("#f-status", "solved")
    page.locator(".empty").wait_for()
    page.click("nav >> text=Mock loops")  # every section is built now: no "coming soon" page
    assert page.locator("h1").inner_text() == "Mock loops"
    assert "coming soon" not in page.inner_text("main").lower()


def test_solve_merge_intervals(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], shots: Path
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()
    assert "raise NotImplementedError" in page.inner_text("#editor")
    put_code(page, SOLUTION)
    page.click("#run-btn")
    wait_verdict(page, "pass")
    assert "visible checks only" in page.inner_text("#result")
    page.click("#submit-btn")
    wait_verdict(page, "pass", "hidden checks included")
    page.locator("#history .attempt").nth(1).wait_for()
    assert page.locator("#history .attempt").count() == 2
    assert page.inner_text("#clock-state") == "solved"
    shoot(page, shots, "exercise-pass-laptop")
    page.reload()  # the editor restores the last code
    page.locator("#editor .cm-content").wait_for()
    assert "# my solution" in page.inner_text("#editor")
    page.locator("#history .attempt-diff summary").last.click()  # first attempt vs starter
    page.locator("#history .diff").first.wait_for()
    page.goto(server.url)
    assert "1/2" in page.inner_text(".stats")  # merge-intervals solved, kmeans not


def test_buggy_submission_shows_the_diagnostic(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], shots: Path
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/merge-intervals")
    page.locator("#editor .cm-content").wait_for()
    put_code(page, BUGGY)
    page.keyboard.press("Control+Shift+Enter")
    wait_verdict(page, "fail")
    # The diagnosis comes first: the check it is drawn from and its evidence...
    diagnosis = page.locator("#result .diagnosis")
    assert "examples from the statement" in diagnosis.locator(".diagnosis-check").inner_text()
    assert "expected" in diagnosis.locator(".check-msg").inner_text()
    # ...and every check is one click away.
    page.click("#result .other-checks summary")
    failed = page.locator("#result .check-fail").first
    assert "examples from the statement" in failed.inner_text()
    shoot(page, shots, "exercise-fail-laptop")
    page.locator("#history .attempt .badge-fail").wait_for()
    page.click("#history .attempt-open")
    page.locator(".diff").wait_for()
    assert "start < merged[-1][1]" in page.inner_text(".diff")
    shoot(page, shots, "attempt-laptop")


def test_statement_formulas_are_typeset(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any]
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/kmeans")
    page.locator("#statement .math .katex").first.wait_for()
    assert page.locator("#statement .katex").count() >= 3
    assert "$" not in page.locator("#statement .math").first.inner_text()


def test_clock_turns_to_overtime(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], shots: Path
) -> None:
    server = start_server()
    page = new_page()
    page.goto(server.url + "exercises/merge-intervals?budget_seconds=2")
    page.click("#clock-start")  # opening the page does not start it; Start does
    page.locator("#clock.is-over").wait_for(timeout=10_000)
    assert page.inner_text("#clock-state").startswith("overtime +")
    shoot(page, shots, "clock-overtime-laptop")
    page.once("dialog", lambda dialog: dialog.accept())  # the restart asks first
    page.click("#clock-restart")
    page.locator("#clock:not(.is-over)").wait_for()


def test_screenshots_of_main_pages(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], shots: Path
) -> None:
    server = start_server()
    for name, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page = new_page(viewport)
        page.goto(server.url + "exercises/merge-intervals")
        page.locator("#editor .cm-content").wait_for()
        if name == "laptop":
            put_code(page, BUGGY)
            page.click("#run-btn")
            wait_verdict(page, "fail")
        for path, shot in (
            ("", "dashboard"),
            ("exercises", "exercises"),
            ("exercises/merge-intervals", "exercise"),
            ("design", "soon"),
            ("docs", "api"),
        ):
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            if shot == "exercise":
                page.locator("#editor").scroll_into_view_if_needed()
            shoot(page, shots, f"{shot}-{name}")
        page.set_viewport_size(viewport)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1


def test_server_mode_invite_login_and_isolation(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], shots: Path
) -> None:
    server = start_server(multi_user=True)
    root = new_page()
    root.goto(server.url)
    assert "/login" in root.url
    shoot(root, shots, "login-laptop")
    root.goto(server.setup_link())
    assert "admin" in root.inner_text(".alert-info")
    sign_up(root, "root")
    root.click("text=Admin")
    root.fill("input[name=note]", "for ada")
    root.click("text=Create invite link")
    invite = root.input_value("#invite-url")
    shoot(root, shots, "admin-laptop")

    ada = new_page(PHONE)
    ada.goto(invite)
    sign_up(ada, "ada")
    shoot(ada, shots, "dashboard-signed-in-phone")
    ada.click("text=Sign out")
    ada.fill("input[name=username]", "ada")
    ada.fill("input[name=password]", PASSWORD)
    ada.click("button:has-text('Sign in')")
    ada.goto(server.url + "exercises/merge-intervals")
    ada.locator("#editor .cm-content").wait_for()
    put_code(ada, BUGGY)
    ada.click("#run-btn")
    wait_verdict(ada, "fail")
    href = ada.get_attribute("#result .result-foot a", "href")
    assert href and re.fullmatch(r"/attempts/\d+", href)
    assert ada.goto(server.url + href.lstrip("/")).status == 200

    response = root.goto(server.url + href.lstrip("/"))
    assert response.status == 404
    assert "Not found" in root.inner_text("h1")
    assert "strict" not in root.content()


def sign_up(page: Any, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.click("button:has-text('Create account')")
    page.locator("h1", has_text="Dashboard").wait_for()
