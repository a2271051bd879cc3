"""The warm judge's work: grade and record what CLI commands send it.

``python -m mldrills.practice.service --socket PATH [--torch]`` is the daemon a CLI
command starts on first use (``judge/client.py`` starts and finds it); it stops itself
after ``MLDRILLS_JUDGE_IDLE_SECONDS`` without a request. ``mldrills serve`` answers the
same requests with its own judge (``serve_cli_clients``), so while it runs the CLI
starts no judge of its own.

Packs are loaded by content: each request carries a hash of the exercise folder, and a
folder whose files changed is loaded again, so a warm judge never grades against stale
checks.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.content import Catalog, Exercise
from mldrills.content.pack import load_exercise
from mldrills.errors import ConfigError, InvalidInput, JudgeUnavailable, MldrillsError, NotFound
from mldrills.grading import Judge
from mldrills.grading.steps import exercise_checks
from mldrills.judge.cancel import Cancel
from mldrills.judge.client import expected_config, stop
from mldrills.judge.daemon import Endpoint, SocketServer, folder_digest, startup_lock
from mldrills.practice import console, submissions
from mldrills.store import Store


class GradingService:
    """Grades requests with a warm ``Judge`` and records them for the local user."""

    def __init__(self, judge: Judge, store: Store, catalog: Catalog) -> None:
        self.judge = judge
        self.store = store
        self.root = catalog.root.resolve()
        self._finder = Catalog(self.root)  # our own, rescanned for new folders
        self._cache: dict[str, tuple[str, Exercise]] = {}  # slug -> (folder hash, exercise)
        self._lock = threading.Lock()

    def handle(self, request: dict[str, Any], cancel: Cancel | None = None) -> dict[str, Any]:
        """Answer one request: ``grade`` (slug, code, submit, digest, packs_dir), or
        ``console`` (slug, code, input, digest, packs_dir; see ``practice.console``).

        ``cancel`` fires when the client hangs up (Ctrl+C): the grade stops at once.
        """
        if request.get("op") == "console":  # not an attempt: nothing is recorded
            return console.handle(self, request)
        if request.get("op") != "grade":
            raise InvalidInput(f"the warm judge does not know the request {request.get('op')!r}")
        slug, code, digest = request.get("slug"), request.get("code"), request.get("digest")
        if not (isinstance(slug, str) and isinstance(code, str) and isinstance(digest, str)):
            raise InvalidInput("a grade request needs slug, code and digest as text")
        packs = Path(str(request.get("packs_dir"))).resolve()
        if packs != self.root:
            raise ConfigError(f"this judge grades packs from {self.root}, not {packs}")
        submissions.check_code(code)
        submit = bool(request.get("submit"))
        exercise = self.exercise(slug, digest)
        missing = self.judge.missing_layers() if request.get("require_isolation") else []
        if missing:
            raise JudgeUnavailable(
                "refusing to grade without isolation: " + ", ".join(missing) + " unavailable",
                hint="this judge runs without them; `mldrills doctor` explains",
            )
        user_id = self.store.local_user().id
        done = submissions.submit(
            self.store, self.judge, user_id, exercise, code, hidden=submit, cancel=cancel
        )
        assert done.result is not None  # graded here, not queued
        cancelled = done.submission.state == "cancelled"  # nobody reads the reply then
        return {
            "ok": True,
            "result": done.result.to_dict(),
            "attempt_id": done.submission.attempt_id,  # None when cancelled
            "submission_id": done.submission.id,
            "missing": [] if cancelled else self.judge.missing_layers(),
        }

    def exercise(self, slug: str, digest: str) -> Exercise:
        """The exercise as its folder is now: loaded again whenever its files changed."""
        with self._lock:
            cached = self._cache.get(slug)
            if cached is not None and cached[0] == digest:
                return cached[1]
            folder = self._folder(slug)
            now = folder_digest(folder)
            if cached is not None and cached[0] == now:
                return cached[1]  # the client read the folder mid-edit; disk is what counts
            _forget_modules(slug)
            exercise = load_exercise(folder)
            # Import the checks and the reference here, under the lock: a module sits in
            # sys.modules half-run while it imports, and a second grade of the same
            # exercise would find it there without its `suite`.
            exercise_checks(exercise, hidden=True)
            _ = exercise.reference
            self._cache[slug] = (now, exercise)
            return exercise

    def _folder(self, slug: str) -> Path:
        try:
            return self._finder.get(slug).path
        except NotFound:
            self._finder = Catalog(self.root)  # a folder added since we started?
            return self._finder.get(slug).path


def _forget_modules(slug: str) -> None:
    """Drop an exercise's imported checks and reference (pack.py names them this way)."""
    prefix = f"mldrills_packs.{slug.replace('-', '_')}."
    for name in [n for n in sys.modules if n.startswith(prefix)]:
        del sys.modules[name]


def serve_cli_clients(
    judge: Judge, store: Store, catalog: Catalog, say: Callable[[str], None]
) -> SocketServer | None:
    """Let CLI commands grade with the server's ``judge`` (a running daemon steps aside)."""
    try:
        endpoint = Endpoint.current()
        with startup_lock(endpoint, timeout=30):
            other = stop(endpoint)
            if other is not None and other.get("kind") == "serve":
                say(f"note: the CLI keeps using the judge of the server with pid {other['pid']}")
                return None
            service = GradingService(judge, store, catalog)
            server = SocketServer(endpoint, service.handle, kind="serve", info=expected_config())
            server.bind()
    except MldrillsError as exc:
        say(f"warning: CLI commands will start their own judge: {exc.message}")
        return None
    threading.Thread(target=server.serve_forever, name="mldrills-cli-judge", daemon=True).start()
    return server


def _warm(judge: Judge) -> None:
    # Start the fork server while the rest of the daemon loads; a failure here is
    # reported to the request that needs the judge, which tries again.
    with contextlib.suppress(MldrillsError):
        judge.server()


def main(argv: list[str] | None = None) -> None:
    """Run the daemon; a problem it cannot serve past ends it with one line in its log."""
    try:
        _run(argv)
    except MldrillsError as exc:  # the client shows the log's last line to the user
        sys.exit(f"{exc.message}" + (f" ({exc.hint})" if exc.hint else ""))


def _run(argv: list[str] | None) -> None:
    """Serve until idle long enough, or told to stop."""
    parser = argparse.ArgumentParser(prog="python -m mldrills.practice.service")
    parser.add_argument("--socket", required=True, help="the socket the client expects")
    parser.add_argument("--torch", action="store_true", help="warm torch from the start")
    args = parser.parse_args(argv)
    os.chdir("/")  # hold no user folder open
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a terminal's Ctrl+C is not for us
    endpoint = Endpoint.current()
    if str(endpoint.socket) != args.socket:
        sys.exit(f"settings give socket {endpoint.socket}, the client expected {args.socket}")
    catalog = Catalog()
    judge = Judge(catalog, preload_torch=args.torch)
    threading.Thread(target=_warm, args=(judge,), daemon=True).start()
    store = Store()
    try:
        store.migrate()
        server = SocketServer(
            endpoint,
            GradingService(judge, store, catalog).handle,
            kind="daemon",
            info=expected_config(),
            idle_seconds=settings.get_int("judge_idle_seconds", minimum=1),
        )
        signal.signal(signal.SIGTERM, lambda *_: server.request_stop())
        server.bind()
        endpoint.pidfile.write_text(f"{os.getpid()}\n")
        server.serve_forever()
    finally:
        judge.close()
        store.close()
        with contextlib.suppress(OSError):
            if endpoint.pidfile.read_text().strip() == str(os.getpid()):
                endpoint.pidfile.unlink()


if __name__ == "__main__":
    main()
