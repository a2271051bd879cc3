"""The supervisor's handle on one sandboxed child, and proxies for its objects.

``Remote`` objects stand for values that live in the child: ``sub.kmeans(X, 3)`` sends
the call, and the reply comes back as plain data (numbers, lists, numpy arrays) or as
another ``Remote`` when the result is not plain data (a module, an object faking
``__eq__``), which no comparison in the supervisor will ever accept.
"""

from __future__ import annotations

import os
import select
import socket
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mldrills import settings
from mldrills.judge.cpuclock import ProcessClock
from mldrills.judge.wire import (
    MAX_HEADER,
    Blob,
    FrameTooLarge,
    RefId,
    RefPath,
    TensorArg,
    WireError,
    decode_value,
    encode_plain,
    mb,
    recv_frame,
    send_frame,
)

MAX_STRETCH = 6.0  # a deadline moves at most to this many times the budget


def run_queue_seconds(pid: int) -> float:
    """Seconds the threads of ``pid`` have spent runnable but waiting for a CPU.

    The second field of /proc/PID/task/TID/schedstat; 0.0 when it cannot be read (no
    schedstat, or the process is gone), which simply grants no extension.
    """
    total = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0.0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as fh:
                total += int(fh.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e9


class ChildTimeout(Exception):
    """The child did not answer before the deadline."""


class ChildDied(Exception):
    """The child's process ended (or broke the protocol) while answering."""


@dataclass
class SubmissionError(Exception):
    """The submission's code raised (or exited) while serving a request."""

    kind: str
    type: str
    message: str
    where: list[list[Any]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.describe()

    def describe(self) -> str:
        """One short paragraph for the learner: what was raised and where."""
        if self.kind == "missing":
            return self.message
        if self.kind == "exit":
            code = self.message or "0"
            head = f"your code called sys.exit({code}) (or raised SystemExit)"
        elif self.kind == "memory":
            head = "your code ran out of memory (MemoryError): the judge caps memory per run"
        elif self.kind == "output":
            head = self.message
        elif self.kind == "wire":
            head = f"the value your code returned cannot be graded: {self.message}"
        else:
            head = f"your code raised {self.type}: {self.message}".rstrip(": ")
        lines = [head]
        for lineno, func, text in self.where[-3:]:
            lines.append(f"  line {lineno}, in {func}: {text}")
        return "\n".join(lines)


class Channel:
    """Request/reply with one child, with a deadline on every reply."""

    def __init__(self, sock: socket.socket, pid: int, limits: dict[str, int] | None = None) -> None:
        self.sock = sock
        self.pid = pid
        self.limits = limits  # CPU/memory budget the child applies on load
        self.reply_limit = settings.get_int("judge_reply_mb", minimum=1) * 10**6
        if limits is not None:  # the child refuses bigger replies itself, with their size
            self.limits = {**limits, "reply_bytes": self.reply_limit}
        self.output: list[str] = []
        self.alive = True
        self.requests = 0
        self.last_lines: int | None = None  # line events the child counted in the last call
        self.forbidden: list[str] = []  # forbidden names the child's guard saw used
        self._clock: ProcessClock | None = None
        self.excused = 0.0  # wall seconds forgiven because the child waited for a core

    def request(self, header: dict[str, Any], blobs: list[bytes], timeout: float) -> Any:
        """Send one request and return the decoded value; raise on error, death, timeout."""
        if not self.alive:
            raise ChildDied("the child is gone")
        self.requests += 1
        try:
            self.sock.settimeout(max(timeout, 0.001))
            send_frame(self.sock, header, blobs)
            left = self._await_reply(timeout)
            self.sock.settimeout(max(left, 1.0))  # the reply is arriving: let it finish
            # Room for the header beside the value; anything larger is never read.
            reply, rblobs = recv_frame(self.sock, self.reply_limit + MAX_HEADER)
        except TimeoutError:
            self.alive = False
            raise ChildTimeout() from None
        except FrameTooLarge as exc:
            self.alive = False  # the unread reply is still in the socket
            raise SubmissionError(
                "wire",
                "WireError",
                f"it is {mb(exc.size)}; the limit is {mb(self.reply_limit)}",
            ) from None
        except (OSError, WireError) as exc:
            self.alive = False
            raise ChildDied(str(exc)) from None
        try:
            return self._interpret(reply, rblobs)
        except (SubmissionError, ChildDied):
            raise
        except Exception as exc:
            self.alive = False
            raise ChildDied(f"malformed reply ({type(exc).__name__})") from None

    def _interpret(self, reply: Any, rblobs: list[Blob]) -> Any:
        if not isinstance(reply, dict):
            self.alive = False
            raise ChildDied("malformed reply")
        lines = reply.get("lines")
        self.last_lines = lines if type(lines) is int and lines >= 0 else None
        out = reply.get("out")
        if isinstance(out, str) and out:
            self.output.append(out)
        used = reply.get("forbidden")
        if isinstance(used, list):  # the child's guard saw forbidden names used
            self.forbidden.extend(str(u)[:200] for u in used[:20])
        if reply.get("ok") is True:
            try:
                return decode_value(reply.get("value"), rblobs)
            except WireError as exc:
                raise SubmissionError("wire", "WireError", str(exc)) from None
        where = reply.get("where")
        raise SubmissionError(
            str(reply.get("kind", "exception")),
            str(reply.get("type", "Exception"))[:200],
            str(reply.get("message", ""))[:2000],
            where if isinstance(where, list) else [],
        )

    def _await_reply(self, timeout: float) -> float:
        """Wait until the reply starts to arrive; the seconds left then, or TimeoutError.

        The budget is time the child could use: when the deadline comes, the time its
        threads spent runnable but waiting for a core since the request was sent (the
        kernel's run-queue delay, which only a busy machine causes) is added to the
        deadline, at most up to ``MAX_STRETCH`` times the budget. A busy loop on an idle
        machine or a sleep gets no extension; the same loop on a loaded one is judged by
        the time it actually ran, so a verdict does not depend on other work.
        """
        start = time.monotonic()
        end, cap = start + timeout, start + timeout * MAX_STRETCH
        delay = run_queue_seconds(self.pid)
        while True:
            left = end - time.monotonic()
            if left > 0:
                ready, _, _ = select.select([self.sock], [], [], left)
                if ready:
                    return end - time.monotonic()
                continue
            now_delay = run_queue_seconds(self.pid)
            extra = now_delay - delay
            if extra < 0.005 or time.monotonic() >= cap:
                raise TimeoutError
            delay = now_delay
            moved = min(end + extra, cap) - end
            end += moved
            self.excused = round(self.excused + moved, 6)

    def cpu_seconds(self) -> float | None:
        """CPU time the child and every thread it started have run so far, from the kernel.

        The counters live here, in the supervisor, so the child cannot fake them; unlike
        wall time they hardly move when other processes compete for the cores.
        """
        if self._clock is None:
            self._clock = ProcessClock(self.pid)
        return self._clock.seconds()

    def take_output(self) -> str:
        """Output captured since the last call."""
        text = "".join(self.output)
        self.output.clear()
        return text

    def close(self) -> None:
        """Close our end of the channel."""
        self.alive = False
        self.sock.close()
        if self._clock is not None:
            self._clock.close()


class Session:
    """The calls of one check against one child, sharing one deadline."""

    def __init__(self, channel: Channel, deadline: float) -> None:
        self.channel = channel
        self.deadline = deadline
        self._excused_before = channel.excused

    def remaining(self) -> float:
        """Seconds left before this session's deadline, moved by time the child was starved."""
        excused = self.channel.excused - self._excused_before
        return self.deadline + excused - time.monotonic()

    def send(self, header: dict[str, Any], args: Any = None) -> Any:
        """Encode ``args`` into ``header``, send it, and wrap refs in the reply."""
        blobs: list[bytes] = []
        if args is not None:
            for key, value in args.items():
                header[key] = encode_plain(self._unwrap(value), blobs)
        value = self.channel.request(header, blobs, self.remaining())
        return self._wrap(value)

    def _unwrap(self, value: Any) -> Any:
        if type(value) in _LEAVES:
            return value
        if isinstance(value, Remote):
            return value._as_arg()
        if _plain_items(value):  # a big list of numbers or of flat tuples: nothing to swap
            return value
        if isinstance(value, list):
            return [self._unwrap(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._unwrap(v) for v in value)
        if isinstance(value, dict):
            return {k: self._unwrap(v) for k, v in value.items()}
        return value

    def _wrap(self, value: Any) -> Any:
        if isinstance(value, RefId):
            return Remote(self, {"ref": value.id}, value.type)
        if isinstance(value, list):
            return [self._wrap(v) for v in value]
        if isinstance(value, tuple):
            return tuple(self._wrap(v) for v in value)
        if isinstance(value, dict):
            return {k: self._wrap(v) for k, v in value.items()}
        return value

    def helper(self, name: str, *args: Any) -> Any:
        """Run one of the trusted helpers of ``mldrills.probes.helpers`` in the child."""
        return self.send({"op": "helper", "name": name}, {"args": list(args)})


_LEAVES = frozenset({int, float, str, bool, type(None)})


def _plain_items(value: Any) -> bool:
    """Whether ``value`` is a list or tuple of scalars, or a list of tuples of scalars."""
    if type(value) is not list and type(value) is not tuple:
        return False
    if all(type(v) in _LEAVES for v in value):
        return True
    return (
        type(value) is list
        and all(type(v) is tuple for v in value)
        and all(type(x) in _LEAVES for v in value for x in v)
    )


class Remote:
    """A name, attribute or object in the child. Call it to run code there."""

    __slots__ = ("_session", "_target", "_type")

    def __init__(self, session: Session, target: dict[str, Any], type_name: str = "") -> None:
        self._session = session
        self._target = target
        self._type = type_name

    def __getattr__(self, name: str) -> Remote:
        if name.startswith("__"):
            raise AttributeError(name)
        target = dict(self._target, attr=[*self._target.get("attr", []), name])
        return Remote(self._session, target)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.send(
            {"op": "call", "target": self._target, "want": "auto"},
            {"args": list(args), "kwargs": kwargs},
        )

    def _keep(self, *args: Any, **kwargs: Any) -> Remote:
        """Call, but keep the result in the child (e.g. a tensor to call backward on)."""
        out = self._session.send(
            {"op": "call", "target": self._target, "want": "ref"},
            {"args": list(args), "kwargs": kwargs},
        )
        assert isinstance(out, Remote)
        return out

    def _counted(self, limit: int | None, *args: Any, **kwargs: Any) -> Any:
        """Call; the child counts the line events run (``last_lines``), up to ``limit``."""
        return self._session.send(
            {"op": "call", "target": self._target, "want": "auto", "count": True, "limit": limit},
            {"args": list(args), "kwargs": kwargs},
        )

    def _get(self) -> Any:
        """Fetch this attribute's value."""
        return self._session.send({"op": "get", "target": self._target, "want": "auto"})

    def _as_arg(self) -> RefId | RefPath:
        """This object as an argument: the child resolves an attribute path itself."""
        if set(self._target) == {"ref"}:
            return self._as_ref()
        return RefPath(dict(self._target))

    def _as_ref(self) -> RefId:
        if set(self._target) == {"ref"}:
            return RefId(int(self._target["ref"]), self._type)
        out = self._session.send({"op": "get", "target": self._target, "want": "ref"})
        assert isinstance(out, Remote)
        return out._as_ref()

    @property
    def type_name(self) -> str:
        """Class name of the child-side object (empty for unresolved attributes)."""
        return self._type

    def __repr__(self) -> str:
        if "name" in self._target:
            path = ".".join([self._target["name"], *self._target.get("attr", [])])
            return f"<{path} in your code>"
        return f"<{self._type or 'object'} in your code>"

    def __bool__(self) -> bool:
        raise TypeError("a Remote has no truth value; fetch it with _get() first")

    def __eq__(self, other: object) -> bool:
        return False  # a child-side object never equals an expected value

    __hash__ = None  # type: ignore[assignment]

    def __array__(self, *args: Any, **kwargs: Any) -> np.ndarray:
        raise TypeError(f"your code returned {self!r}, not an array")


def tensor(array: Any, *, requires_grad: bool = False) -> TensorArg:
    """Mark ``array`` to arrive in the child as a ``torch.Tensor``."""
    return TensorArg(np.asarray(array), requires_grad)
