"""The CLI's side of the warm judge: find it, start it on first use, send it work.

A judge is started detached (its own session, so Ctrl+C in the terminal does not reach
it) under a lock, so two commands started together share one. A judge that crashed or
was killed leaves a socket nobody answers: the next command replaces it. A judge
running other mldrills code (an upgrade, an edited checkout) or other settings is
asked to stop and replaced; the judge of a running ``mldrills serve`` is used as it is.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import socket
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from mldrills import errors, settings
from mldrills.errors import JudgeUnavailable, MldrillsError
from mldrills.judge.daemon import (
    Disconnected,
    Endpoint,
    code_unchanged,
    peer_uid,
    recv_msg,
    send_msg,
    startup_lock,
)

CONNECT_TIMEOUT = 10.0  # seconds to connect and hear hello from a running judge
REPLY_TIMEOUT = 900.0  # a grade takes at most its exercise's total budget; this is a backstop
NO_DAEMON_HINT = "`--no-daemon` (or MLDRILLS_JUDGE_DAEMON=off) grades without it"


OnMessage = Callable[[dict[str, Any]], None]
_LISTENER: contextvars.ContextVar[OnMessage | None] = contextvars.ContextVar(
    "mldrills_listener", default=None
)


@contextlib.contextmanager
def listening(fn: OnMessage | None) -> Iterator[None]:
    """Requests sent inside this block ask the judge for progress and pass it to ``fn``."""
    token = _LISTENER.set(fn)
    try:
        yield
    finally:
        _LISTENER.reset(token)


# Settings that only steer the client; a judge started with other values is still right.
_CLIENT_ONLY = frozenset({"MLDRILLS_JUDGE_DAEMON"})


def expected_config() -> dict[str, Any]:
    """What a judge started by this command would report in its hello.

    Every MLDRILLS_* variable counts (isolation, slots, a growth method...): a judge
    started under other settings would grade differently, so it is replaced.
    """
    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("MLDRILLS_") and v)
    kept = [f"{k}={v}" for k, v in env if k not in _CLIENT_ONLY]
    return {
        "python": sys.executable,
        "isolation": settings.get("isolation").strip().lower(),
        "slots": settings.get("judge_slots"),
        # hashed: values such as API keys need not cross the socket
        "env": hashlib.sha256("\0".join(kept).encode()).hexdigest(),
    }


def raise_error(error: Any) -> NoReturn:
    """Raise the MldrillsError a judge sent back (its class by name, else JudgeUnavailable)."""
    info = error if isinstance(error, dict) else {}
    cls = getattr(errors, str(info.get("type")), None)
    if not (isinstance(cls, type) and issubclass(cls, MldrillsError)):
        cls = JudgeUnavailable
    hint = info.get("hint")
    raise cls(
        str(info.get("message") or "the warm judge failed"),
        hint=hint if isinstance(hint, str) else None,
    )


def connect(endpoint: Endpoint) -> tuple[socket.socket, dict[str, Any]] | None:
    """Connect to the judge at ``endpoint`` and read its hello; None when nobody answers."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(CONNECT_TIMEOUT)
    try:
        sock.connect(str(endpoint.socket))
    except OSError:  # no file, a stale file nobody listens on, or not a socket at all
        sock.close()
        return None
    if peer_uid(sock) != os.getuid():
        sock.close()
        raise JudgeUnavailable(
            f"the judge socket {endpoint.socket} is served by another user; refusing it"
        )
    try:
        send_msg(sock, {"op": "hello"})
        hello = recv_msg(sock)
    except (Disconnected, OSError):  # it is stopping
        sock.close()
        return None
    sock.settimeout(REPLY_TIMEOUT)
    return sock, hello


def stop(endpoint: Endpoint) -> dict[str, Any] | None:
    """Ask the daemon at ``endpoint`` to stop; its hello if one was running (serve is left)."""
    got = connect(endpoint)
    if got is None:
        return None
    sock, hello = got
    with sock:
        if hello.get("kind") == "daemon":
            with contextlib.suppress(Disconnected, OSError):
                send_msg(sock, {"op": "stop"})
                recv_msg(sock)  # answered once its socket file is gone
    return hello


class WarmJudge:
    """This user's warm judge for the current settings, started when none is running.

    ``entry`` is the module the daemon runs (``python -m ENTRY``); the judge package
    does not import it, so the layers above decide what a daemon serves.
    """

    def __init__(
        self, entry: str, *, endpoint: Endpoint | None = None, start_timeout: float = 180.0
    ) -> None:
        self.entry = entry
        self.endpoint = endpoint or Endpoint.current()
        self.start_timeout = start_timeout

    def call(
        self,
        request: dict[str, Any],
        *,
        need_torch: bool,
        on_progress: OnMessage | None = None,
    ) -> tuple[dict[str, Any], Any]:
        """Send ``request``; return the reply and the judge's hello.

        A judge that is gone, or dies before answering, is replaced and asked once more
        (grading has no side effect until it answers). An error it reports is raised
        here as the MldrillsError it was. ``on_progress`` (else the ``listening``
        block's) receives the progress messages the judge sends before its reply.
        """
        listener = on_progress or _LISTENER.get()
        if listener is not None:
            request = {**request, "progress": True}
        for attempt in range(2):
            sock, hello = self._connection(need_torch)
            with sock:
                try:
                    send_msg(sock, request)
                    reply = recv_msg(sock)
                    while "progress" in reply and "ok" not in reply:
                        if listener is not None and isinstance(reply["progress"], dict):
                            with contextlib.suppress(Exception):  # a display problem only
                                listener(reply["progress"])
                        reply = recv_msg(sock)
                except (Disconnected, OSError) as exc:
                    if attempt:
                        raise JudgeUnavailable(
                            f"the warm judge stopped before answering ({exc})",
                            hint=f"see {self.endpoint.log}; {NO_DAEMON_HINT}",
                        ) from None
                    continue
            if not reply.get("ok"):
                raise_error(reply.get("error"))
            return reply, hello
        raise AssertionError("unreachable")

    def _connection(self, need_torch: bool) -> tuple[socket.socket, dict[str, Any]]:
        expected = expected_config()
        got = connect(self.endpoint)
        if got is not None and self._fits(got[1], expected):
            return got
        if got is not None:
            got[0].close()
        with startup_lock(self.endpoint, timeout=self.start_timeout):
            got = connect(self.endpoint)  # someone may have started one meanwhile
            if got is not None:
                if self._fits(got[1], expected):
                    return got
                got[0].close()
                stop(self.endpoint)  # other code or settings: replace it
            with contextlib.suppress(FileNotFoundError):
                self.endpoint.socket.unlink()  # stale: its judge crashed or was killed
            pid = self._spawn(need_torch)
            return self._wait_ready(pid)

    @staticmethod
    def _fits(hello: dict[str, Any], expected: dict[str, Any]) -> bool:
        if hello.get("kind") == "serve":
            return True  # the web server's judge serves the CLI as it is configured
        same = all(hello.get(k) == v for k, v in expected.items())
        return same and code_unchanged(hello.get("code"))

    def _spawn(self, need_torch: bool) -> int:
        args = [sys.executable, "-P", "-m", self.entry, "--socket", str(self.endpoint.socket)]
        if need_torch:
            args.append("--torch")
        log_flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, str(self.endpoint.log), log_flags, 0o600),
        ]
        # setsid: its own session, so the terminal's Ctrl+C and hang-up never reach it.
        return os.posix_spawn(
            sys.executable, args, dict(os.environ), file_actions=actions, setsid=True
        )

    def _wait_ready(self, pid: int) -> tuple[socket.socket, dict[str, Any]]:
        deadline = time.monotonic() + self.start_timeout
        while True:
            got = connect(self.endpoint)
            if got is not None:
                return got
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done or time.monotonic() > deadline:
                if not done:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, 9)
                raise JudgeUnavailable(
                    f"the warm judge failed to start: {self._last_log_line()}",
                    hint=f"{self.endpoint.log} has the details; {NO_DAEMON_HINT}",
                )
            time.sleep(0.01)

    def _last_log_line(self) -> str:
        try:
            lines = self.endpoint.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no output"
        return lines[-1] if lines else "no output"
