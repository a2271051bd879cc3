"""A short system-design session in Chromium: clock, autosave across a reload, sketch, feedback."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import PHONE, REPO, LiveServer
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def saved(page: Any) -> None:
    """Wait until the page says everything typed is stored."""
    expect(page.locator("#design-save-state")).to_have_text("saved")


def test_design_session_in_a_browser(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], tmp_path: Path
) -> None:
    (tmp_path / "packs" / "prompts").mkdir(parents=True)
    shutil.copy(
        REPO / "packs" / "prompts" / "product-recommender.toml", tmp_path / "packs" / "prompts"
    )
    server = start_server()
    page = new_page()
    page.goto(server.url)
    page.click("nav >> text=Design")
    page.click(".ex-item[data-slug=product-recommender] a")
    page.fill("#design-minutes", "1,1,2,1")
    with page.expect_navigation():
        page.click("#design-start")
    assert re.search(r"Clarify: [01]:[0-5]\d left", page.locator("#design-clock").inner_text())

    page.type("#notes-clarify", "The goal is purchases per session. ")
    saved(page)
    page.type("#design-diagram", "client -> api: HTTPS\napi -> ranker\n")
    page.locator("#design-diagram-view svg .dg-node").nth(2).wait_for()
    assert "ranker" in page.locator("#design-diagram-view").inner_text()
    saved(page)

    page.reload()  # everything typed survives a reload
    assert "purchases per session" in page.locator("#notes-clarify").input_value()
    assert "api -> ranker" in page.locator("#design-diagram").input_value()
    with page.expect_navigation():
        page.click(".design-phase[data-phase=deep-dives] .design-go")
    assert "Deep dives" in page.locator("#design-clock").inner_text()
    page.type("#notes-deep-dives", "Evaluate with NDCG on a time-based split.")
    for item in ("clarified", "structure", "depth", "numbers", "tradeoffs", "time"):
        page.select_option(f"#assess-{item}", "2")
    with page.expect_navigation():
        page.click("#design-finish")  # saves the pending notes first

    feedback = page.locator("#design-feedback")
    assert "Rubric coverage" in feedback.inner_text()
    made = feedback.locator(".point-made")
    assert made.count() >= 2
    assert "“The goal is purchases per session.” (clarify)" in feedback.inner_text()
    assert "time-based split" in feedback.inner_text()
    assert page.locator("#design-reference").is_visible()


def test_design_pages_fit_a_phone(
    start_server: Callable[..., LiveServer], new_page: Callable[..., Any], tmp_path: Path
) -> None:
    shutil.copytree(REPO / "packs" / "prompts", tmp_path / "packs" / "prompts")
    server = start_server()
    page = new_page(PHONE)
    page.goto(server.url + "design/large-model-training")
    with page.expect_navigation():
        page.click("#design-start")
    page.type("#design-diagram", "data loader -> tensor parallel group: micro-batches\n")
    page.locator("#design-diagram-view svg .dg-node").nth(1).wait_for()
    for url in (server.url + "design", page.url):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"] + 1, url
