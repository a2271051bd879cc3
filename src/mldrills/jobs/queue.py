"""The grading queue: Huey on SQLite (one machine), Redis (several) or memory (tests).

A job names a stored submission and the content hash of its exercise's pack, nothing
more: the code and the verdict live in the database row, which is the truth. The queue
only says "this row waits"; a lost or repeated job is harmless, because a worker takes a
row only while it is ``pending`` and records its verdict once (see ``jobs.worker``).
Jobs cross the queue as JSON, never pickle, so whoever can write to Redis cannot run
code in a worker.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from huey import MemoryHuey, PriorityRedisHuey, SqliteHuey
from huey.api import Huey
from huey.registry import Message
from huey.serializer import Serializer

from mldrills import settings
from mldrills.errors import ConfigError, QueueUnavailable

log = logging.getLogger("mldrills.jobs")
TASK_NAME = "mldrills.grade"
QUEUE_NAME = "mldrills-grading"
MAX_JOB_BYTES = 4096  # a job is two small fields; anything larger is not ours


@dataclass(frozen=True)
class Job:
    """Grade stored submission ``submission_id`` against pack version ``pack_hash``."""

    submission_id: int
    pack_hash: str


class JsonSerializer(Serializer):  # type: ignore[misc]
    """Huey messages as JSON with plain fields only (no pickle, no scheduling times).

    Reading refuses anything that is not a message of the task named ``task_name``.
    """

    task_name = ""

    def _serialize(self, data: Any) -> bytes:
        fields = data._asdict()
        if fields.get("eta") is not None or fields.get("expires") is not None:
            raise ValueError("grading jobs are not scheduled: no eta or expiry")
        fields["args"] = list(fields.get("args") or ())
        return json.dumps(fields, separators=(",", ":")).encode()

    def _deserialize(self, data: bytes) -> Any:
        if len(data) > MAX_JOB_BYTES:
            raise ValueError(f"a job of {len(data)} bytes is not a grading job")
        fields = json.loads(data)
        if not isinstance(fields, dict) or fields.get("name") != self.task_name:
            raise ValueError("not a grading job")
        fields["args"] = tuple(fields.get("args") or ())
        return Message(**{k: v for k, v in fields.items() if k in Message._fields})


Handler = Callable[[Job], None]


class JobQueue:
    """Where submissions wait for a worker; ``url`` says which Huey storage holds them.

    ``""`` (the default): SQLite file ``<data_dir>/queue.db``; ``sqlite:///PATH``: that
    file; ``redis://HOST:PORT/DB``: Redis (5 or newer); ``memory``: this process only;
    ``immediate``: every job runs at once inside ``enqueue`` (tests).
    """

    def __init__(self, url: str | None = None) -> None:
        self.url = settings.get("queue_url") if url is None else url
        self.kind, self.huey = _make_huey(self.url)
        self._handler: Handler | None = None
        self._wake = threading.Condition()
        self._task = self.huey.task(name=TASK_NAME)(self._run)
        self.huey.serializer.task_name = self.huey._registry.task_to_string(self._task.task_class)

    @property
    def shows(self) -> str:
        """The queue's address with any password masked, for logs and doctor."""
        parts = urlsplit(self.url)
        if parts.password:
            return self.url.replace(f":{parts.password}@", ":***@")
        return self.url or f"sqlite:///{_default_sqlite()}"

    def serve(self, handler: Handler | None) -> None:
        """Set (or clear) the function that grades jobs taken in this process."""
        self._handler = handler

    def enqueue(self, job: Job, *, priority: int = 0) -> None:
        """Put a job on the queue (higher priority first, FIFO within one priority).

        QueueUnavailable when the backend cannot be reached; the row is stored already,
        so a worker's sweep puts it on the queue again once the backend is back.
        """
        if self.kind == "immediate" and self._handler is None:
            raise QueueUnavailable("the immediate queue has no worker to grade the job")
        try:
            self.huey.enqueue(self._task.s(job.submission_id, job.pack_hash, priority=priority))
        except Exception as exc:  # redis.ConnectionError, sqlite3.OperationalError, ...
            raise self._unreachable(exc) from None
        self.wake()

    def wake(self) -> None:
        """Wake this process's threads waiting in ``run_next`` (a job came, or a stop)."""
        with self._wake:
            self._wake.notify_all()

    def run_next(self, timeout: float) -> bool:
        """Take one job and run it with this process's handler; False when none came.

        Waits up to ``timeout`` seconds (woken early by an ``enqueue`` of this process).
        """
        task = self._take()
        if task is None and self.kind != "redis":  # Redis waited inside the take already
            with self._wake:
                self._wake.wait(timeout)
            task = self._take()
        if task is None:
            return False
        self.huey.execute(task)
        return True

    def _take(self) -> Any:
        while True:
            try:
                return self.huey.dequeue()
            except ValueError as exc:  # not one of our jobs: dropped unrun, take the next
                log.warning("dropped a malformed job from the queue: %s", exc)
            except Exception as exc:
                raise self._unreachable(exc) from None

    def queued_ids(self) -> set[int]:
        """Ids of the submissions that have a job waiting (read without taking them)."""
        ids: set[int] = set()
        try:
            items = self.huey.storage.enqueued_items()
        except Exception as exc:
            raise QueueUnavailable(
                f"cannot read the grading queue at {self.shows}: {exc}"
            ) from None
        for raw in items:
            try:
                message = self.huey.serializer.deserialize(raw)
                ids.add(int(message.args[0]))
            except (ValueError, TypeError, IndexError):
                continue
        return ids

    def depth(self) -> int:
        """How many jobs wait on the queue (QueueUnavailable when it cannot be read)."""
        try:
            return int(self.huey.pending_count())
        except Exception as exc:
            raise QueueUnavailable(
                f"cannot read the grading queue at {self.shows}: {exc}"
            ) from None

    def ping(self) -> None:
        """Reach the backend once; QueueUnavailable when it does not answer."""
        self.depth()

    def close(self) -> None:
        """Drop the connection (Redis); the queue itself stays where it is."""
        pool = getattr(getattr(self.huey.storage, "conn", None), "connection_pool", None)
        if pool is not None:
            pool.disconnect()

    def _unreachable(self, exc: Exception) -> QueueUnavailable:
        return QueueUnavailable(f"the grading queue at {self.shows} cannot be reached: {exc}")

    def _run(self, submission_id: int, pack_hash: str) -> None:
        handler = self._handler
        if handler is None:  # a job taken where nobody grades: put it back for a worker
            log.warning("no worker in this process; job %s goes back to the queue", submission_id)
            self.enqueue(Job(int(submission_id), str(pack_hash)))
            return
        handler(Job(int(submission_id), str(pack_hash)))


def _default_sqlite() -> Path:
    return settings.data_dir() / "queue.db"


def _make_huey(url: str) -> tuple[str, Huey]:
    options: dict[str, Any] = {"results": False, "serializer": JsonSerializer(), "utc": True}
    if url in ("", "memory", "immediate") or url.startswith("sqlite:"):
        if url == "memory":
            return "memory", MemoryHuey(QUEUE_NAME, **options)
        if url == "immediate":
            return "immediate", MemoryHuey(QUEUE_NAME, immediate=True, **options)
        path = Path(url.removeprefix("sqlite:///")) if url else _default_sqlite()
        if url and (not url.startswith("sqlite:///") or path == Path("")):
            raise ConfigError(f"MLDRILLS_QUEUE_URL {url!r}: write sqlite:///PATH")
        path.parent.mkdir(parents=True, exist_ok=True)
        return "sqlite", SqliteHuey(QUEUE_NAME, filename=str(path), **options)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return "redis", PriorityRedisHuey(QUEUE_NAME, url=url, read_timeout=1, **options)
    raise ConfigError(
        f"MLDRILLS_QUEUE_URL {url!r} is not a queue this version knows",
        hint="use sqlite:///PATH, redis://HOST:PORT/DB, memory or immediate (or leave it empty)",
    )
