"""The trusted side of the sandbox: runs the fork server, hands out children, says how they end."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from mldrills import settings
from mldrills.errors import JudgeUnavailable
from mldrills.judge.cgroups import remove_tree
from mldrills.judge.channel import Channel, ChildDied, ChildTimeout, SubmissionError
from mldrills.judge.wire import ChannelClosed, WireError, recv_frame, send_frame

REQUIRED_LAYERS = ("landlock", "seccomp")
_PASS_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "LD_LIBRARY_PATH")
_SIGNALS = {
    signal.SIGKILL: "was killed (SIGKILL): the memory limit, or the process killed itself",
    signal.SIGXCPU: "used up its CPU time limit (SIGXCPU)",
    signal.SIGSEGV: "crashed with a segmentation fault (SIGSEGV)",
    signal.SIGXFSZ: "wrote a file larger than the limit (SIGXFSZ)",
    signal.SIGABRT: "aborted (SIGABRT)",
    signal.SIGBUS: "crashed with a bus error (SIGBUS)",
}


def torch_available() -> bool:
    """Whether torch can be imported in this environment."""
    return importlib.util.find_spec("torch") is not None


class ForkServer:
    """The fork server process, seen from the supervisor."""

    def __init__(
        self,
        *,
        slots: int,
        isolation: str,
        preload_torch: bool,
        exclude: list[str] | None = None,
        containment: bool = True,
    ) -> None:
        self.slots = slots
        self.isolation = isolation
        self.preload_torch = preload_torch
        self.lock = threading.Lock()
        self.users = 0  # grades running on this server (the Supervisor counts them)
        self.sock, theirs = socket.socketpair()
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server)
        config = {
            "slots": slots,
            "isolation": isolation,
            "uid_base": settings.get_int("sandbox_uid", minimum=1000),
            "exclude": _secret_paths() + list(exclude or []),
            "torch": preload_torch,
            "box": containment,  # cgroup, tmpfs, IPC namespace per slot (off: benchmarks)
            "cpu_share": settings.get_choice("judge_cpu_share", ("on", "off")) == "on",
        }
        env = {
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
        }
        env.update({k: os.environ[k] for k in _PASS_ENV if k in os.environ})
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-m",
                "mldrills.judge.forkserver",
                str(theirs.fileno()),
                json.dumps(config),
            ],
            pass_fds=(theirs.fileno(),),
            env=env,
            cwd="/",
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            start_new_session=True,
        )
        theirs.close()
        self.sock.settimeout(120)
        try:
            ready, _ = recv_frame(self.sock)
        except (OSError, WireError):
            self.close()
            raise JudgeUnavailable(
                f"the judge's fork server failed to start: {self._err()}"
            ) from None
        self.sock.settimeout(None)
        self.layers: dict[str, dict[str, Any]] = ready["layers"]
        self.preloaded: list[str] = ready["preloaded"]
        self.cgroups: dict[str, Any] | None = ready.get("cgroups")

    def _err(self) -> str:
        self._stderr.seek(0)
        lines = self._stderr.read().decode(errors="replace").strip().splitlines()
        return lines[-1] if lines else "no output"

    def alive(self) -> bool:
        """Whether the server process is still running."""
        return self.proc.poll() is None

    def spawn(self, cpu_seconds: int, memory_mb: int) -> Channel:
        """Fork a sandboxed child; return the channel to it."""
        with self.lock:
            try:
                send_frame(self.sock, {"op": "spawn", "memory_mb": memory_mb}, [])
                msg, fds, _, _ = socket.recv_fds(self.sock, 4096, 1)
            except OSError as exc:
                raise JudgeUnavailable(f"the judge's fork server stopped: {exc}") from None
        if not fds:
            if not msg:
                raise JudgeUnavailable(f"the judge's fork server stopped: {self._err()}")
            raise JudgeUnavailable(f"fork server: {msg.decode(errors='replace')}")
        info = json.loads(msg)
        budget = {"cpu_seconds": cpu_seconds, "memory_mb": memory_mb}
        return Channel(socket.socket(fileno=fds[0]), int(info["pid"]), budget)

    def finish(self, channel: Channel) -> dict[str, Any]:
        """Stop the child; when it had died, return how (``exit``/``signal``).

        A child that is still healthy is released without waiting: the server kills it
        at once and cleans its slot while idle, off the path of the next grade.
        """
        healthy = channel.alive
        channel.close()
        if healthy:
            with self.lock, contextlib.suppress(OSError, WireError):
                send_frame(self.sock, {"op": "release", "pid": channel.pid}, [])
            return {"exit": None, "signal": None}
        with self.lock:
            try:
                send_frame(self.sock, {"op": "finish", "pid": channel.pid}, [])
                status, _ = recv_frame(self.sock)
            except (OSError, WireError, ChannelClosed):
                # The server is gone (or going): once it has exited, kill what its
                # submission left running.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=2)
                self._clear_boxes()
                return {"exit": None, "signal": None}
        return status

    def _clear_boxes(self) -> None:
        """If the server died, kill what its submissions left running (their cgroups)."""
        if self.cgroups and not self.alive():
            groups, self.cgroups = self.cgroups, None
            top = {ctrl: Path(p) for ctrl, p in groups["top"].items()}
            remove_tree(groups["kind"], top)

    def close(self) -> None:
        """Stop the server and every child it runs."""
        with contextlib.suppress(OSError, WireError):
            send_frame(self.sock, {"op": "shutdown"}, [])
        self.sock.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._clear_boxes()
        self._stderr.close()


def _secret_paths() -> list[str]:
    """Folders a child must never read: our own package and packs, and user data."""
    import mldrills

    paths = [
        str(Path(mldrills.__file__).resolve().parent),
        settings.get("packs_dir"),
        settings.get("data_dir"),
        settings.get("workspace_dir"),
    ]
    return [p for p in paths if p]


def describe_death(status: dict[str, Any]) -> str:
    """A sentence on how a child process ended."""
    sig = status.get("signal")
    if status.get("oom_mib"):
        return (
            f"your code used more than {status['oom_mib']} MiB of memory (all its processes "
            "and the files it kept in memory together), so the judge stopped it"
        )
    if sig is not None:
        try:
            return "the process " + _SIGNALS.get(signal.Signals(sig), f"died of signal {sig}")
        except ValueError:
            return f"the process died of signal {sig}"
    code = status.get("exit")
    if code is not None:
        return (
            f"the process exited with code {code} in the middle of a test "
            "(os._exit, or a crash in native code)"
        )
    return "the process ended unexpectedly"


class TicketGate:
    """Admits at most ``slots`` holders at once, strictly first come, first served.

    A semaphore lets a thread that arrives just as a slot frees up take it ahead of
    threads that have waited for seconds (under load, p95 latency was 20-40x p50). Here
    each waiter queues a ticket and ``release`` hands the slot straight to the oldest.
    """

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError("a gate needs at least one slot")
        self.slots = slots
        self._free = slots
        self._lock = threading.Lock()
        self._queue: deque[threading.Event] = deque()

    @property
    def waiting(self) -> int:
        """How many callers are queued for a slot."""
        with self._lock:
            return len(self._queue)

    def acquire(self) -> None:
        """Take a slot, waiting behind everyone who asked earlier."""
        with self._lock:
            if self._free and not self._queue:
                self._free -= 1
                return
            ticket = threading.Event()
            self._queue.append(ticket)
        try:
            ticket.wait()
        except BaseException:  # interrupted: leave the queue, or pass on a slot just handed over
            with self._lock:
                if ticket in self._queue:
                    self._queue.remove(ticket)
                    raise
            self.release()
            raise

    def release(self) -> None:
        """Give the slot back: to the oldest waiter if there is one."""
        with self._lock:
            if self._queue:
                self._queue.popleft().set()  # handed over: a newcomer cannot take it first
                return
            if self._free >= self.slots:
                raise ValueError("released more slots than were taken")
            self._free += 1

    def __enter__(self) -> TicketGate:
        self.acquire()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


class Supervisor:
    """Owns a pre-warmed fork server and its slots; grading (``mldrills.grading``) uses it.

    The fork server stays warm across calls; ``claim`` is safe to call from several threads.
    """

    def __init__(
        self,
        *,
        isolation: str | None = None,
        slots: int | None = None,
        preload_torch: bool | None = None,
        containment: bool = True,
    ) -> None:
        self.isolation = isolation or settings.get_choice("isolation", ("auto", "required", "off"))
        self.slots = slots or settings.get_int("judge_slots", minimum=1)
        self.preload_torch = torch_available() if preload_torch is None else preload_torch
        self.containment = containment  # False only to measure what the boxes cost
        self._server: ForkServer | None = None
        self._start_lock = threading.Lock()
        self._slots: contextlib.AbstractContextManager[Any] = TicketGate(self.slots)
        self._retired: list[ForkServer] = []  # replaced, closed once their grades end

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> Self:
        self.server()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def server(self, need_torch: bool = False) -> ForkServer:
        """The running fork server, started (or restarted) as needed."""
        return self._server_for(need_torch, claim=False)

    def _server_for(self, need_torch: bool, *, claim: bool) -> ForkServer:
        with self._start_lock:
            srv = self._server
            if srv is None or not srv.alive() or (need_torch and not srv.preload_torch):
                if srv is not None:
                    self._retire(srv)
                self.preload_torch = self.preload_torch or need_torch
                srv = ForkServer(
                    slots=self.slots,
                    isolation=self.isolation,
                    preload_torch=self.preload_torch,
                    containment=self.containment,
                )
                self._server = srv
                missing = self.missing_layers()
                if self.isolation == "required" and missing:
                    raise JudgeUnavailable(
                        "refusing to grade without isolation: "
                        + ", ".join(missing)
                        + " unavailable",
                        hint="run `mldrills doctor`; set MLDRILLS_ISOLATION=auto "
                        "only for trusted single-user use",
                    )
            if claim:  # under the lock, so the server cannot be retired and closed in between
                srv.users += 1
            return srv

    def _retire(self, srv: ForkServer) -> None:
        """Replace ``srv``: close it now if idle, else once its last grade ends.

        A fork server without torch is replaced by one with it when a torch exercise
        comes; closing it at once would kill the children other grades are using.
        """
        if srv.users and srv.alive():
            self._retired.append(srv)
        else:
            srv.close()

    @contextlib.contextmanager
    def _serving(self, need_torch: bool) -> Iterator[ForkServer]:
        """The fork server for one grade, kept open until that grade ends."""
        srv = self._server_for(need_torch, claim=True)
        try:
            yield srv
        finally:
            with self._start_lock:
                srv.users -= 1
                done = not srv.users and srv in self._retired
                if done:
                    self._retired.remove(srv)
            if done:
                srv.close()

    def layers(self) -> dict[str, dict[str, Any]]:
        """Which isolation layers are active, with a one-line detail each."""
        return self.server().layers

    def missing_layers(self) -> list[str]:
        """Isolation layers a multi-user server needs that this machine lacks."""
        srv = self._server
        if srv is None:
            return []
        layers = srv.layers
        missing = [name for name in REQUIRED_LAYERS if not layers[name]["active"]]
        if not layers["user"]["active"]:
            missing.append("user")
        return missing

    def close(self) -> None:
        """Stop the fork server (and any replaced one still finishing grades)."""
        with self._start_lock:
            servers = [*self._retired, *([self._server] if self._server else [])]
            self._retired, self._server = [], None
        for srv in servers:
            srv.close()

    @contextlib.contextmanager
    def claim(self, need_torch: bool) -> Iterator[ForkServer]:
        """A slot and the fork server for one grade (waits, first come first served)."""
        with self._slots, self._serving(need_torch) as server:
            yield server


__all__ = [
    "ChildDied",
    "ChildTimeout",
    "ForkServer",
    "SubmissionError",
    "Supervisor",
    "TicketGate",
]
