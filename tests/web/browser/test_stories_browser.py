"""The story bank in Chromium: write a story, watch the analysis, save, see the matrix change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
STORY = (
    "At my last company the nightly pipeline ran on on-demand GPU machines. "
    "I was asked to bring the bill down. I profiled every stage and moved the SQL steps to CPU. "
    "The monthly bill fell from $42,000 to $27,500 within one quarter."
)


def test_create_story_see_analysis_and_matrix(
    start_server: Callable[..., LiveServer],
    new_page: Callable[..., Any],
    tmp_path: Path,
    shots: Path,
) -> None:
    shutil.copytree(REPO / "packs" / "behavioral", tmp_path / "packs" / "behavioral")
    server = start_server()
    page = new_page()
    page.goto(server.url + "stories")
    assert page.locator("#story-empty").is_visible()
    frugal = page.locator('#matrix tr[data-principle="frugality"]')
    assert frugal.get_attribute("class") == "gap"
    assert "Frugality" in page.inner_text("#gap-principles")
    assert page.locator('#gap-prompts li[data-prompt="reduced-cost"]').count() == 1

    # Live analysis while typing, before anything is saved.
    page.fill("#story-title", "Cut the GPU bill")
    page.click("#story-text")
    page.keyboard.type(STORY)
    baseline = page.locator('#story-analysis li[data-finding="baseline_after"]')
    baseline.wait_for()
    assert baseline.get_attribute("class") == "found"
    assert "$42,000 to $27,500" in baseline.inner_text()
    assert page.locator('#story-analysis li[data-part="result"]').get_attribute("class") == "found"
    assert "aloud" in page.inner_text("#story-timing")

    # Tag it, add a metric, save: the bank and the matrix update.
    page.check('input[name="principle"][value="frugality"]')
    page.click("#metric-add")
    page.fill('#metric-rows input[data-key="name"]', "GPU spend")
    page.fill('#metric-rows input[data-key="baseline"]', "42000")
    page.fill('#metric-rows input[data-key="after"]', "27500")
    page.click("#story-save")
    page.locator("#story-list .story-item").wait_for()
    assert "Cut the GPU bill" in page.inner_text("#story-list")
    page.locator('#matrix tr.covered[data-principle="frugality"]').wait_for()
    assert "Frugality" not in page.inner_text("#gap-principles")
    assert page.locator('#gap-prompts li[data-prompt="reduced-cost"]').count() == 0
    page.screenshot(path=str(shots / "stories-saved.png"), full_page=True)

    # The saved story survives a reload with its metric.
    page.reload()
    page.click("#story-list .story-open")
    assert page.input_value("#story-title") == "Cut the GPU bill"
    assert page.input_value('#metric-rows input[data-key="baseline"]') == "42000"
