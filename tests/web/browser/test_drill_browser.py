"""A numeric drill in Chromium: a unit slip gets its hint, a right answer the solution."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PHONE, REPO, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def answer(page: Any, text: str) -> None:
    """Type an answer and press Enter, as a learner would."""
    page.fill("#drill-answer", text)
    with page.expect_navigation():
        page.press("#drill-answer", "Enter")


def test_drill_in_a_browser(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], tmp_path: Path
) -> None:
    shutil.copytree(REPO / "packs" / "drills", tmp_path / "packs" / "drills")
    server = start_server()
    page = new_page()
    page.goto(server.url)
    page.click("nav >> text=Drills")
    page.click(".ex-item[data-slug=kv-cache-bytes] a")
    page.locator("#drill-question .katex").first.wait_for()  # the formula was typeset
    assert page.locator("#drill-answer").evaluate("el => el === document.activeElement")

    page.goto(server.url + "drills/kv-cache-bytes?seed=4184")
    answer(page, "45 ms")
    assert "ms measures a duration" in page.locator("#drill-error").inner_text()

    answer(page, "128 GB")  # right number, decimal unit: the GB vs GiB hint
    assert page.locator("#drill-verdict").inner_text() == "Mistake"
    hint = page.locator("#drill-hint").inner_text()
    assert "GiB" in hint and "GB" in hint
    page.locator("#drill-hint .katex").first.wait_for()
    assert page.locator("#drill-expected").inner_text() == "128 GiB"

    page.click("text=Same numbers again")
    answer(page, "128 GiB")
    assert page.locator("#drill-verdict").inner_text() == "Correct"
    solution = page.locator("#drill-solution")
    assert "137,438,953,472" in solution.inner_text()
    assert solution.locator(".katex").count() >= 3
    with page.expect_navigation():
        page.keyboard.press("Enter")  # "Next" has the focus
    assert page.locator("#drill-answer").input_value() == ""
    assert "seed=" not in page.url


def test_drill_pages_fit_a_phone(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], tmp_path: Path
) -> None:
    shutil.copytree(REPO / "packs" / "drills", tmp_path / "packs" / "drills")
    server = start_server()
    page = new_page(PHONE)
    for slug in ("ece-table", "latency-percentiles", "training-flops"):
        page.goto(server.url + f"drills/{slug}?seed=2")
        answer(page, "1")
        page.locator("#drill-solution .katex").first.wait_for()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, slug
