"""``mldrills worker``: grade submissions from the queue on this machine."""

from __future__ import annotations

import signal
import sys
import threading
from typing import Annotated, Any

import typer

from mldrills.errors import ConfigError


def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(
            "--concurrency", "-c", min=1, help="Submissions graded at once (default: judge slots)."
        ),
    ] = None,
    allow_unsandboxed: Annotated[
        bool, typer.Option(help="Grade without every isolation layer (unsafe).")
    ] = False,
    metrics_port: Annotated[
        int | None,
        typer.Option(help="Serve this worker's Prometheus metrics on 127.0.0.1:PORT/metrics."),
    ] = None,
) -> None:
    """Grade submissions from the queue (MLDRILLS_QUEUE_URL) until stopped."""
    from mldrills import logs
    from mldrills.content import Catalog
    from mldrills.jobs import JobQueue, Worker, WorkerConfig
    from mldrills.store import Store
    from mldrills.web.server import start_judge

    logs.configure()  # MLDRILLS_LOG_FORMAT: text or json lines on stderr
    store = Store()
    opened: list[Any] = [store]
    try:
        store.migrate()
        queue = JobQueue()
        opened.append(queue)
        queue.ping()
        catalog = Catalog()
        config = WorkerConfig.from_settings(concurrency)
        judge = start_judge(
            catalog, multi_user=True, allow_unsandboxed=allow_unsandboxed, slots=config.concurrency
        )
        opened.append(judge)
        running = Worker(store, queue, judge, config)
        running.start()
        if metrics_port is not None:
            from mldrills import metrics

            metrics.serve_http(metrics_port)
        say(
            f"worker {running.id}: grading up to {config.concurrency} at once from "
            f"{queue.shows}; Ctrl+C stops (what runs then goes back to the queue)"
        )
        _wait_for_signal()
        say(f"worker {running.id}: stopping")
        running.stop(timeout=10.0)
    finally:
        for thing in reversed(opened):
            thing.close()


def _wait_for_signal() -> None:
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        raise ConfigError("mldrills worker must run in the main thread")
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(1.0):
        pass


def say(line: str) -> None:
    """One line for the person who started the worker."""
    print(line, file=sys.stderr, flush=True)
