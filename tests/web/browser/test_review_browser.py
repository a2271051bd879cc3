"""A review session in Chromium: type, check, rate by key; reveal with Space, rate with 3."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
DECKS = REPO / "tests" / "fixtures" / "review_packs" / "decks"


def test_review_session_by_keyboard(
    start_server: Callable[..., LiveServer],
    new_page: Callable[..., Any],
    tmp_path: Path,
    shots: Path,
) -> None:
    shutil.copytree(DECKS, tmp_path / "packs" / "decks")
    server = start_server()
    page = new_page()
    page.goto(server.url + "review")
    question = page.locator("#review-question")
    assert "How does LayerNorm differ from BatchNorm?" in question.inner_text()
    page.locator("#chart-forecast canvas").wait_for()  # uPlot drew the forecast

    # Type an answer, check it, see the points and the proposal, rate with a key.
    page.click("#review-answer")
    page.keyboard.type(
        "LayerNorm normalises each token over its features. It does not depend on the batch."
    )
    page.click("#review-check")
    page.locator("#review-back").wait_for(state="visible")
    assert page.inner_text("#review-score") == "2 of 2 points made"
    assert page.locator("#review-points .point-made").count() == 2
    assert "“LayerNorm normalises each token over its features.”" in page.inner_text(
        "#review-points"
    ) or "LayerNorm normalises each token over its features." in page.inner_text(
        "#review-points .point-evidence >> nth=0"
    )
    assert page.locator(".rating.is-proposed").inner_text().startswith("Easy")
    assert page.locator("#review-check").is_hidden()
    page.screenshot(path=str(shots / "review-checked.png"), full_page=True)
    page.keyboard.press("4")
    page.locator("#review-question", has_text="square root of the key dimension").wait_for()
    assert page.locator("#review-back").is_hidden()
    assert page.locator("#review-check").is_visible()
    assert page.locator("#review-question .katex").count() == 0  # plain question, no math

    # Reveal with Space, see the model answer with rendered math, rate with 3.
    page.keyboard.press(" ")
    page.locator("#review-back").wait_for(state="visible")
    assert page.locator("#review-model .katex").count() >= 1
    assert page.locator("#review-rubric li").count() == 2
    assert page.locator(".rating.is-proposed").count() == 0
    page.keyboard.press("3")
    page.locator("#review-question", has_text="forget the causal mask").wait_for()
    assert page.inner_text("#review-remaining") == "2"

    # Both ratings are stored, and the API agrees with the page.
    stats = page.evaluate("fetch('/api/review/stats').then(r => r.json())")
    assert sum(area["seen"] for area in stats["areas"]) == 2
