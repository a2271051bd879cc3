"""Web submissions: stored, then put on the grading queue, graded by a worker.

``mldrills serve`` runs an embedded worker on its own judge (``MLDRILLS_SERVE_WORKERS``
grades at once, the judge's slots by default), so one machine needs nothing else;
``mldrills worker`` processes elsewhere take jobs from the same queue (docs/deploy.md).
"""

from __future__ import annotations

import logging
import threading

from mldrills import settings
from mldrills.errors import InvalidInput
from mldrills.grading import Judge
from mldrills.jobs import JobQueue, Worker, WorkerConfig, enqueue_submission, make_room
from mldrills.judge.cancel import CANCELLED
from mldrills.practice import submissions
from mldrills.store import Store, SubmissionRecord
from mldrills.web.errors import PayloadTooLarge, TooManyRequests

log = logging.getLogger("mldrills.web")


def check_size(code: str) -> None:
    """Refuse empty code (422) and code over the judge's limit (413, stating the limit)."""
    if not code.strip():
        raise InvalidInput("the code is empty", hint="send the whole solution file")
    limit = Judge.MAX_CODE_BYTES
    if len(code.encode("utf-8", errors="replace")) > limit:
        raise PayloadTooLarge(
            f"code is larger than the limit of {limit} bytes ({limit // 1000} KB)"
        )


class Grader:
    """Stores and queues submissions; its embedded worker (when ``workers`` > 0) grades."""

    def __init__(
        self,
        judge: Judge,
        store: Store,
        *,
        workers: int,
        queue_limit: int,
        per_user_limit: int | None = None,
        queue: JobQueue | None = None,
        quota_bytes: int | None = None,
    ) -> None:
        self.judge = judge
        self.store = store
        self.queue = queue if queue is not None else JobQueue()
        self.queue_limit = queue_limit
        self.per_user_limit = per_user_limit or settings.get_int("user_queue", minimum=1)
        self.quota_bytes = (
            quota_bytes
            if quota_bytes is not None
            else settings.get_int("user_storage_mb") * 1_000_000
        )
        self.worker = (
            Worker(store, self.queue, judge, WorkerConfig.from_settings(workers))
            if workers > 0
            else None
        )
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the embedded worker (once); it also picks up what a restart left."""
        with self._lock:
            if self.worker is not None and not self._started:
                self.worker.start()
            self._started = True

    def submit(self, user_id: int, slug: str, code: str, *, hidden: bool) -> SubmissionRecord:
        """Store ``code`` as a submission and queue it; ``pending`` until a worker has it."""
        check_size(code)
        mine, everyone = self.store.unfinished_counts(user_id)
        if mine >= self.per_user_limit:
            raise TooManyRequests(
                f"you already have {self.per_user_limit} submissions waiting to be graded",
                hint="wait for them to finish",
            )
        if everyone >= self.queue_limit:
            raise TooManyRequests("the judge is busy; try again in a few seconds", retry_after=10)
        exercise = self.judge.catalog.get(slug)
        make_room(self.store, user_id, code, self.quota_bytes)
        self.start()
        queued = submissions.submit(
            self.store, self.judge, user_id, exercise, code, hidden=hidden, queue=self._enqueue
        )
        return queued.submission

    def _enqueue(self, sub: SubmissionRecord) -> None:
        enqueue_submission(self.store, self.queue, self.judge.catalog, sub)

    def cancel(self, user_id: int, submission_id: int) -> SubmissionRecord:
        """Stop one of the user's submissions that waits or runs (a finished one stays).

        The row ends ``cancelled`` at once; the worker grading it, in this process or
        another, sees the request at its next heartbeat and stops.
        """
        found = self.store.submission(user_id, submission_id)  # NotFound for others'
        if found.finished:
            return found
        ended = submissions.end(self.store, found, CANCELLED, cancelled=True)
        self.store.request_cancel(submission_id)
        return ended

    def shutdown(self, wait: bool = False) -> None:
        """Stop the embedded worker; what it had not finished is graded after a restart."""
        if self.worker is not None and self._started:
            self.worker.stop(timeout=5.0 if wait else 1.0)
        self.queue.close()
