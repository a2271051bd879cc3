"""A real `mldrills worker`: its metrics port counts the verdicts it records."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mldrills.content import Catalog
from mldrills.jobs import JobQueue, enqueue_submission
from mldrills.store import Store

ROOT = Path(__file__).resolve().parents[2]
SLUG = "merge-intervals"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[tuple[dict[str, str], int, Path]]:
    """A worker on a temporary data folder (SQLite database and queue), stopped after."""
    shutil.copytree(ROOT / f"packs/coding/{SLUG}", tmp_path / f"packs/coding/{SLUG}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MLDRILLS_")}
    env.update(
        MLDRILLS_DATA_DIR=str(tmp_path / "data"),
        MLDRILLS_PACKS_DIR=str(tmp_path / "packs"),
        MLDRILLS_RUNTIME_DIR=str(tmp_path / "run"),
    )
    with Store(f"sqlite:///{tmp_path / 'data' / 'mldrills.db'}") as store:
        store.migrate()  # before the worker, so both do not create the schema at once
    port = free_port()
    log = tmp_path / "worker.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mldrills.cli",
                "worker",
                "-c",
                "1",
                "--metrics-port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=out,
            start_new_session=True,
        )
    try:
        yield env, port, log
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def scrape(port: int, deadline: float) -> str:
    while True:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def passes(text: str) -> float:
    [line] = [
        x for x in text.splitlines() if x.startswith('mldrills_verdicts_total{status="pass"}')
    ]
    return float(line.split()[-1])


def test_worker_metrics_and_logs_follow_a_verdict(
    worker: tuple[dict[str, str], int, Path],
) -> None:
    env, port, log = worker
    deadline = time.monotonic() + 90
    assert passes(scrape(port, deadline)) == 0.0
    data = Path(env["MLDRILLS_DATA_DIR"])
    catalog = Catalog(env["MLDRILLS_PACKS_DIR"])
    code = (catalog.get(SLUG).path / "solution.py").read_text()
    with Store(f"sqlite:///{data / 'mldrills.db'}") as store:
        user = store.local_user().id
        sub = store.create_submission(user, SLUG, code, hidden=True)
        queue = JobQueue(f"sqlite:///{data / 'queue.db'}")
        try:
            assert enqueue_submission(store, queue, catalog, sub)
        finally:
            queue.close()
        while store.submission(user, sub.id).state in ("pending", "running"):
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.2)
        assert store.submission(user, sub.id).status == "pass"
    text = scrape(port, deadline)
    assert passes(text) == 1.0
    assert 'mldrills_verdict_seconds_count{kind="submit"} 1.0' in text
