"""CLI test fixtures: a private runtime folder whose warm judges are always stopped."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid still runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stop_daemons(runtime: Path) -> None:
    """Stop every warm judge that wrote a pid file under ``runtime`` (TERM, then KILL)."""
    for pidfile in runtime.rglob("judge-*.pid"):
        try:
            pid = int(pidfile.read_text())
        except (OSError, ValueError):
            continue
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + 15
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if not pid_alive(pid):
                break


@pytest.fixture
def runtime_dir() -> Iterator[Path]:
    """A short private folder for the judge's socket; its daemons are stopped afterwards.

    Tests set MLDRILLS_RUNTIME_DIR to it (and a temporary data dir), so they never reach
    the warm judge of a person using this machine.
    """
    base = Path(tempfile.mkdtemp(prefix="mdc", dir="/tmp"))
    try:
        yield base / "run"
    finally:
        stop_daemons(base)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def code_snapshot() -> Iterator[Path]:
    """A copy of src/mldrills for PYTHONPATH: a warm judge is rightly replaced when its
    code changes on disk, so tests that check one judge is reused must not see edits
    made elsewhere in the checkout while they run."""
    base = Path(tempfile.mkdtemp(prefix="mds", dir="/tmp"))
    src = Path(__file__).resolve().parents[2] / "src" / "mldrills"
    shutil.copytree(src, base / "mldrills", ignore=shutil.ignore_patterns("__pycache__"))
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)
