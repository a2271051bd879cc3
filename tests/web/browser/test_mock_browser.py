"""A short screen mock in Chromium against a real server that is killed mid-round.

The server is SIGKILLed while a round is under way and restarted on the same database:
the typed text and the clock's time used come back, the clock pauses only when asked, and
the coding round is judged for real before the report shows.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, LiveServer, _wait_ready, free_port
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def mock_packs(tmp_path: Path) -> Path:
    packs = tmp_path / "mock-packs"
    for slug in ("merge-intervals", "kmeans"):
        shutil.copytree(REPO / "packs" / "coding" / slug, packs / "coding" / slug)
    shutil.copy(REPO / "packs" / "syllabus.toml", packs / "syllabus.toml")
    for folder in ("decks", "prompts", "behavioral"):
        shutil.copytree(REPO / "packs" / folder, packs / folder)
    return packs


@pytest.fixture
def serve(tmp_path: Path, mock_packs: Path) -> Iterator[Any]:
    """Start servers that share one data folder (one database), each on a new port."""
    started: list[LiveServer] = []

    def start() -> LiveServer:
        port = free_port()
        env = {
            **os.environ,
            "MLDRILLS_DATA_DIR": str(tmp_path / "data"),
            "MLDRILLS_PACKS_DIR": str(mock_packs),
            "MLDRILLS_JUDGE_SLOTS": "1",
            "MLDRILLS_GRADER": "lexical",
        }
        env.pop("MLDRILLS_DATABASE_URL", None)
        code = (
            "from mldrills.web.server import run; "
            f"run(host='127.0.0.1', port={port}, multi_user=False, allow_unsandboxed=True)"
        )
        log = tmp_path / f"server-{port}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-c", code],
                env=env,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        server = LiveServer(f"http://127.0.0.1:{port}/", proc, log)
        started.append(server)
        _wait_ready(server)
        return server

    yield start
    for server in started:
        if server.proc.poll() is None:
            os.killpg(server.proc.pid, signal.SIGTERM)
            try:
                server.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.proc.pid, signal.SIGKILL)
                server.proc.wait()


def saved(page: Any) -> None:
    """Wait until the page says everything typed is stored."""
    expect(page.locator("#mock-save-state")).to_have_text("saved")


def seconds(clock_text: str) -> int:
    found = re.search(r"(\d+):(\d\d)", clock_text)
    assert found, clock_text
    return int(found.group(1)) * 60 + int(found.group(2))


def test_screen_mock_survives_a_killed_server(serve: Any, new_page: Any) -> None:
    server = serve()
    page = new_page()
    page.goto(server.url)
    page.click("nav >> text=Mock loops")
    page.fill("#mock-minutes-screen", "ml=0.5,coding=0.5")
    with page.expect_navigation():
        page.click("#mock-start-screen-btn")
    mock_url = page.url
    first = page.locator(".mock-item[data-kind=card] textarea").first
    first.type("Typed before the crash.")
    saved(page)
    page.wait_for_timeout(1500)  # let the clock run a little

    # The whole server process group dies at once: nothing gets a chance to flush.
    os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait()
    again = serve()
    page.goto(mock_url.replace(server.url, again.url))
    area = page.locator(".mock-item[data-kind=card] textarea").first
    assert area.input_value() == "Typed before the crash."
    used_before = 30 - seconds(page.locator("#mock-clock").inner_text())
    assert used_before >= 1  # time used came from the stored interval, not page load

    page.click("#mock-pause")
    expect(page.locator("#mock-clock")).to_contain_text("(paused)")
    paused_at = page.locator("#mock-clock").inner_text()
    page.wait_for_timeout(2500)
    page.reload()
    assert page.locator("#mock-clock").inner_text() == paused_at  # paused means paused
    page.click("#mock-pause")  # resume
    expect(page.locator("#mock-clock")).not_to_contain_text("(paused)")
    page.locator(".mock-item[data-kind=behavioral] textarea").fill(
        "Our pipeline cost 40k a month. I moved training to spot instances. "
        "Costs fell from 40k to 25k a month within a quarter."
    )
    with page.expect_navigation():  # at once: the pending save must go first
        page.click("#mock-finish")

    coding = page.locator(".mock-item[data-kind=exercise]")
    slug = coding.get_attribute("data-ref")
    solution = (REPO / "packs" / "coding" / str(slug) / "solution.py").read_text(encoding="utf-8")
    coding.locator("textarea").fill(solution)
    saved(page)
    with page.expect_navigation(timeout=120_000):
        page.click("#mock-finish")
    report = page.locator("#mock-report")
    expect(report).to_contain_text("Practise next")
    rows = report.locator("tbody tr")
    assert "Coding" in rows.nth(1).inner_text() and "100%" in rows.nth(1).inner_text()
    assert rows.nth(0).locator("td").nth(3).inner_text() != "0%"  # the story was stored
    assert page.locator("#mock-next a").count() > 0
