"""The warm judge's local socket: a private folder to meet in, framing, and the server loop.

The CLI grades through a judge process that stays warm between commands (``judge/
client.py`` starts and finds it; ``practice/service.py`` is what it runs). They meet
at a unix socket in a per-user folder that must be ours and mode 0700, and each end
checks the other's uid (``SO_PEERCRED``), so on a shared machine every user talks
only to a judge of their own. One socket per data dir, packs dir and database, so a
test's temporary data dir never reaches a user's judge. Nothing here imports numpy:
the CLI side must start fast.
"""

from __future__ import annotations

import contextlib
import contextvars
import fcntl
import hashlib
import json
import os
import select
import socket
import stat
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.errors import ConfigError, JudgeUnavailable, MldrillsError
from mldrills.judge.cancel import Cancel

MAX_MESSAGE = 16 << 20  # bytes in one message (code is capped at 200 KB, outputs at 2 KB)
SOCKET_PATH_MAX = 104  # sun_path holds 108 bytes on Linux, 104 on macOS
_LEN = struct.Struct("!I")
_PEERCRED = struct.Struct("3i")  # pid, uid, gid

# A handler gets the request and a Cancel that fires when the client goes away (Ctrl+C).
Handler = Callable[[dict[str, Any], Cancel], dict[str, Any]]


# While the server answers a request that asked for progress (``"progress": true``),
# this sends a message to its client ahead of the reply (see ``current_stream``).
_STREAM: contextvars.ContextVar[Callable[[dict[str, Any]], None] | None] = contextvars.ContextVar(
    "mldrills_stream", default=None
)


def current_stream() -> Callable[[dict[str, Any]], None] | None:
    """Send progress to the client whose request is being answered on this thread, if it asked.

    Each call sends ``{"progress": message}`` before the reply; a client that has gone
    away simply misses it.
    """
    return _STREAM.get()


class Disconnected(Exception):
    """The other end closed the connection (or sent something that is not a message)."""


# ----------------------------------------------------------------------------- where
def private_dir(path: Path | None = None) -> Path:
    """The runtime folder, created mode 0700 if missing; refuse one not ours or not private."""
    path = Path(path or settings.get("runtime_dir"))
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700, parents=True)
    st = os.lstat(path)
    hint = f"remove it, or set MLDRILLS_RUNTIME_DIR to a folder of your own (mode 0700); {path}"
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise JudgeUnavailable(f"refusing to use {path} for the judge: not a folder", hint=hint)
    if st.st_uid != os.getuid():
        raise JudgeUnavailable(
            f"refusing to use {path} for the judge: it belongs to uid {st.st_uid}, "
            f"not to you (uid {os.getuid()})",
            hint=hint,
        )
    if st.st_mode & 0o077:
        raise JudgeUnavailable(
            f"refusing to use {path} for the judge: mode {stat.S_IMODE(st.st_mode):04o} "
            "lets other users in (it must be 0700)",
            hint=f"chmod 700 {path}",
        )
    return path


@dataclass(frozen=True)
class Endpoint:
    """The files of one warm judge: socket, start-up lock, pid and log."""

    folder: Path
    key: str

    @classmethod
    def current(cls) -> Endpoint:
        """The endpoint for this user, data dir, packs dir and database (from settings)."""
        parts = [
            str(Path(settings.get("data_dir")).resolve()),
            str(Path(settings.get("packs_dir")).resolve()),
            settings.get("database_url"),
        ]
        key = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
        endpoint = cls(private_dir(), key)
        if len(str(endpoint.socket).encode()) > SOCKET_PATH_MAX:
            raise ConfigError(
                f"the judge's socket path {endpoint.socket} is too long for a unix socket",
                hint="set MLDRILLS_RUNTIME_DIR to a shorter folder",
            )
        return endpoint

    @property
    def socket(self) -> Path:
        """The unix socket the judge listens on."""
        return self.folder / f"judge-{self.key}.sock"

    @property
    def lock(self) -> Path:
        """Held while a judge is started or stopped, so two never start at once."""
        return self.folder / f"judge-{self.key}.lock"

    @property
    def pidfile(self) -> Path:
        """The daemon's pid (for tests and for a person who wants to stop it)."""
        return self.folder / f"judge-{self.key}.pid"

    @property
    def log(self) -> Path:
        """The daemon's standard error: start-up failures and internal errors."""
        return self.folder / f"judge-{self.key}.log"


@contextlib.contextmanager
def startup_lock(endpoint: Endpoint, *, timeout: float = 180.0) -> Iterator[None]:
    """Hold the endpoint's start-up lock (waiting for another starter up to ``timeout``)."""
    fd = os.open(endpoint.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise JudgeUnavailable(
                        f"another mldrills has been starting the judge for {timeout:.0f} s",
                        hint=f"see {endpoint.log}; --no-daemon grades without it",
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def try_lock(endpoint: Endpoint) -> int | None:
    """Take the start-up lock if nobody holds it; the descriptor to close, or None."""
    fd = os.open(endpoint.lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


# ----------------------------------------------------------------------------- what
def folder_digest(folder: Path) -> str:
    """A content hash of an exercise folder: a warm judge reloads the pack when it changes."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        h.update(str(path.relative_to(folder)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


class CodeWatch:
    """Which mldrills source files this process runs, as they were when first seen.

    A warm judge reports this in its hello; a client that finds one of the files changed
    on disk (an upgrade, an edited checkout) replaces the judge instead of using old code.
    """

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def snapshot(self) -> dict[str, str]:
        """Path -> "size:mtime" of every mldrills module imported so far."""
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            ours = name == "mldrills" or name.startswith("mldrills.")
            if ours and path and path not in self._seen:
                self._seen[path] = _signature(path)
        return dict(self._seen)


def _signature(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "gone"
    return f"{st.st_size}:{st.st_mtime_ns}"


def code_unchanged(files: Any) -> bool:
    """Whether every file of a judge's ``CodeWatch`` snapshot is still as it was."""
    if not isinstance(files, dict) or not files:
        return False
    return all(_signature(str(path)) == sig for path, sig in files.items())


# ----------------------------------------------------------------------------- how
def send_msg(sock: socket.socket, message: dict[str, Any]) -> None:
    """Send one length-prefixed JSON message."""
    body = json.dumps(message, separators=(",", ":")).encode()
    if len(body) > MAX_MESSAGE:
        raise ValueError(f"message of {len(body)} bytes exceeds {MAX_MESSAGE >> 20} MiB")
    sock.sendall(_LEN.pack(len(body)) + body)


def recv_msg(sock: socket.socket) -> dict[str, Any]:
    """Receive one message; ``Disconnected`` when the other end is gone or breaks the format."""
    (size,) = _LEN.unpack(_recv_exact(sock, _LEN.size))
    if size > MAX_MESSAGE:
        raise Disconnected(f"message of {size} bytes is over the limit")
    try:
        message = json.loads(_recv_exact(sock, size))
    except ValueError:
        raise Disconnected("a message that is not JSON") from None
    if not isinstance(message, dict):
        raise Disconnected("a message that is not a JSON object")
    return message


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise Disconnected("connection closed")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def peer_uid(sock: socket.socket) -> int:
    """The uid of the process at the other end of a unix socket (from the kernel)."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:  # not Linux: the private 0700 folder is then the only check
        return os.getuid()
    raw = sock.getsockopt(socket.SOL_SOCKET, option, _PEERCRED.size)
    return int(_PEERCRED.unpack(raw)[1])


def error_reply(exc: BaseException, log: Path) -> dict[str, Any]:
    """A reply that carries an error to the client, which raises it as an MldrillsError."""
    if isinstance(exc, MldrillsError):
        return {
            "ok": False,
            "error": {"type": type(exc).__name__, "message": exc.message, "hint": exc.hint},
        }
    traceback.print_exc(file=sys.stderr)  # into the daemon's log, never to the user
    return {
        "ok": False,
        "error": {
            "type": "JudgeUnavailable",
            "message": f"the warm judge failed: {type(exc).__name__}: {exc}",
            "hint": f"details in {log}; --no-daemon grades without it",
        },
    }


class SocketServer:
    """Answers requests on an endpoint's socket, one thread per connection.

    ``hello`` says who is listening; ``stop`` asks a daemon to leave (it removes its
    socket before it answers, so the asker can start another at once); anything else
    goes to ``handler``. With ``idle_seconds``, the server stops itself after that
    long without a connection.
    """

    def __init__(
        self,
        endpoint: Endpoint,
        handler: Handler,
        *,
        kind: str,
        info: dict[str, Any],
        idle_seconds: float | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.handler = handler
        self.kind = kind
        self.info = info
        self.idle_seconds = idle_seconds
        self.watch = CodeWatch()
        self._listener: socket.socket | None = None
        self._inode: int | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._active = 0
        self._last = time.monotonic()

    def bind(self) -> None:
        """Listen on the socket, replacing a stale file (the caller holds the start-up lock)."""
        path = self.endpoint.socket
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        os.chmod(path, 0o600)
        listener.listen(64)
        self._listener, self._inode = listener, os.stat(path).st_ino

    def serve_forever(self, *, drain_seconds: float = 300.0) -> None:
        """Accept connections until stopped; then let running requests finish."""
        while not self._stopping.is_set():
            listener = self._listener
            if listener is None:
                break
            try:
                ready = select.select([listener], [], [], 0.2)[0]
            except (OSError, ValueError):  # closed by stop() meanwhile
                break
            if ready:
                self._accept(listener)
            elif self._idle():
                self._stop_if_unused()
        self._close_listener()
        deadline = time.monotonic() + drain_seconds
        while self._active and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop listening (the socket file goes at once) and end ``serve_forever``."""
        self._close_listener()
        self._stopping.set()

    def request_stop(self) -> None:
        """Ask ``serve_forever`` to stop soon; safe in a signal handler (takes no lock)."""
        self._stopping.set()

    def _accept(self, listener: socket.socket) -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with self._lock:
            self._active += 1
            self._last = time.monotonic()
        threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _idle(self) -> bool:
        if self.idle_seconds is None:
            return False
        with self._lock:
            return not self._active and time.monotonic() - self._last > self.idle_seconds

    def _stop_if_unused(self) -> None:
        """Idle stop, but never while a client is starting or connecting under the lock."""
        fd = try_lock(self.endpoint)
        if fd is None:
            return
        try:
            self.stop()
        finally:
            os.close(fd)

    def _close_listener(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
        if listener is None:
            return
        with contextlib.suppress(OSError):  # remove the socket only while it is still ours
            if os.stat(self.endpoint.socket).st_ino == self._inode:
                self.endpoint.socket.unlink()
        listener.close()

    def _serve(self, conn: socket.socket) -> None:
        try:
            with conn:
                if peer_uid(conn) != os.getuid():
                    return  # another user's process: say nothing at all
                conn.settimeout(900)
                while self._answer(conn):
                    pass
        except (Disconnected, OSError):
            pass  # the client left (Ctrl+C): its grade's result is dropped, the judge stays
        finally:
            with self._lock:
                self._active -= 1
                self._last = time.monotonic()

    def _answer(self, conn: socket.socket) -> bool:
        request = recv_msg(conn)
        op = request.get("op")
        if op == "hello":
            hello = {"kind": self.kind, "pid": os.getpid(), "code": self.watch.snapshot()}
            send_msg(conn, {"ok": True, **hello, **self.info})
            return True
        if op == "stop":
            if self.kind != "daemon":
                refusal = {"type": "Forbidden", "message": "this judge stops with its server"}
                send_msg(conn, {"ok": False, "error": refusal})
                return False
            self.stop()
            send_msg(conn, {"ok": True})
            return False
        cancel, done = Cancel(), threading.Event()
        threading.Thread(target=_watch_client, args=(conn, cancel, done), daemon=True).start()
        token = _STREAM.set(_streamer(conn) if request.get("progress") is True else None)
        try:
            reply = self.handler(request, cancel)
        except Exception as exc:
            reply = error_reply(exc, self.endpoint.log)
        finally:
            _STREAM.reset(token)
            done.set()
        send_msg(conn, reply)
        return True


def _streamer(conn: socket.socket) -> Callable[[dict[str, Any]], None]:
    def send(message: dict[str, Any]) -> None:
        with contextlib.suppress(OSError, ValueError):  # gone: the grade is being cancelled
            send_msg(conn, {"progress": message})

    return send


def _watch_client(conn: socket.socket, cancel: Cancel, done: threading.Event) -> None:
    """Cancel the request being answered when its client hangs up (Ctrl+C ends a grade)."""
    while not done.is_set():
        try:
            ready, _, _ = select.select([conn], [], [], 0.2)
            if not ready:
                continue
            gone = conn.recv(1, socket.MSG_PEEK) == b""
        except (OSError, ValueError):
            gone = True  # the connection broke: nobody waits for the answer
        if gone and not done.is_set():
            cancel.cancel()
        return  # readable but not closed: a client sending early; nothing to watch for
