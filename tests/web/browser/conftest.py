"""A real uvicorn server (``mldrills.web.server.run`` in a subprocess) and Debian's Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REPO = Path(__file__).resolve().parents[3]
LAPTOP = {"width": 1366, "height": 850}
PHONE = {"width": 390, "height": 844}

try:
    from playwright import sync_api as playwright_api
except ImportError:  # pragma: no cover - the browser tests then skip
    playwright_api = None


@dataclass
class LiveServer:
    """A running server: its base URL and what it printed at start."""

    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def setup_link(self) -> str:
        found = re.search(r"(http://\S+/signup\?code=\S+)", self.output())
        assert found, self.output()
        return found.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_ready(server: LiveServer, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise AssertionError(f"server exited early:\n{server.output()}")
        try:
            with urllib.request.urlopen(server.url + "healthz", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server did not start:\n{server.output()}")


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., LiveServer]]:
    """Start ``mldrills serve`` logic on a free loopback port with temp data and packs."""
    started: list[LiveServer] = []
    packs = tmp_path / "packs"
    for slug in ("merge-intervals", "kmeans"):  # kmeans: a statement with formulas
        shutil.copytree(REPO / "packs" / "coding" / slug, packs / "coding" / slug)

    def start(multi_user: bool = False) -> LiveServer:
        port = free_port()
        env = {
            **os.environ,
            "MLDRILLS_DATA_DIR": str(tmp_path / f"data-{port}"),
            "MLDRILLS_PACKS_DIR": str(packs),
            "MLDRILLS_JUDGE_SLOTS": "2",
        }
        env.pop("MLDRILLS_DATABASE_URL", None)
        code = (
            "from mldrills.web.server import run; "
            f"run(host='127.0.0.1', port={port}, multi_user={multi_user}, allow_unsandboxed=True)"
        )
        log = tmp_path / f"server-{port}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=out, stderr=out)
        server = LiveServer(f"http://127.0.0.1:{port}/", proc, log)
        started.append(server)
        _wait_ready(server)
        return server

    yield start
    for server in started:
        server.proc.terminate()
        try:
            server.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    missing = None
    if playwright_api is None:
        missing = "pip install playwright"
    elif not Path(CHROMIUM).exists():
        missing = "Debian chromium is missing (apt-get install -y chromium)"
    if missing:
        if os.environ.get("CI"):  # CI installs both: a skip there would hide a failure
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open pages in fresh contexts (separate cookies); JS errors fail the test."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(viewport=viewport or LAPTOP)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(20_000)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not errors, errors


@pytest.fixture(scope="session")
def shots() -> Path:
    """Where screenshots go: $MLDRILLS_SCREENSHOTS, or a temp folder."""
    folder = Path(
        os.environ.get("MLDRILLS_SCREENSHOTS") or tempfile.mkdtemp(prefix="mldrills-shots-")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder
