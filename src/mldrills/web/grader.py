"""Grading off the request thread: a bounded pool of workers sharing one warm Judge.

Submissions go through ``practice.submissions`` like the CLI's: stored first, then graded.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from mldrills.errors import InvalidInput, MldrillsError
from mldrills.grading import Judge
from mldrills.judge.cancel import CANCELLED, Cancel
from mldrills.practice import submissions
from mldrills.practice.submissions import INTERNAL_MESSAGE
from mldrills.store import Store, SubmissionRecord
from mldrills.web.errors import PayloadTooLarge, TooManyRequests

log = logging.getLogger("mldrills.web")
RESTART_MESSAGE = "the server restarted before this submission was graded; please submit again"


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
    """Queues submissions in the store and grades them on ``workers`` threads."""

    def __init__(
        self,
        judge: Judge,
        store: Store,
        *,
        workers: int,
        queue_limit: int,
        per_user_limit: int = 4,
    ) -> None:
        self.judge = judge
        self.store = store
        self.queue_limit = queue_limit
        self.per_user_limit = per_user_limit
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mldrills-grade")
        self._cancels: dict[int, Cancel] = {}  # submissions queued or running
        self._lock = threading.Lock()

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
        queued = submissions.submit(
            self.store, self.judge, user_id, exercise, code, hidden=hidden, queue=self._queue
        )
        return queued.submission

    def _queue(self, sub: SubmissionRecord) -> None:
        with self._lock:
            self._cancels[sub.id] = Cancel()
        self._pool.submit(self._grade, sub)

    def cancel(self, user_id: int, submission_id: int) -> SubmissionRecord:
        """Stop one of the user's submissions that waits or runs (a finished one stays)."""
        found = self.store.submission(user_id, submission_id)  # NotFound for others'
        with self._lock:
            cancel = self._cancels.get(submission_id)
        if cancel is not None and not found.finished:
            cancel.cancel()
        return found

    def _grade(self, sub: SubmissionRecord) -> None:
        with self._lock:
            cancel = self._cancels.get(sub.id) or Cancel()
        try:
            if cancel.requested:  # stopped while it waited: nothing to grade
                submissions.end(self.store, sub, CANCELLED, cancelled=True)
                return
            taken = self.store.mark_submission_running(sub.id)
            if taken is None:  # no longer pending (ended by a restart meanwhile)
                return
            exercise = self.judge.catalog.get(sub.slug)
            submissions.grade(self.store, self.judge, exercise, taken, cancel=cancel)
        except MldrillsError as exc:
            self._end(sub, exc.message)
        except Exception:
            log.exception("grading submission %s failed", sub.id)
            self._end(sub, INTERNAL_MESSAGE)
        finally:
            with self._lock:
                self._cancels.pop(sub.id, None)

    def _end(self, sub: SubmissionRecord, message: str) -> None:
        try:  # grade() has ended it already unless the store itself failed
            submissions.end(self.store, sub, message)
        except MldrillsError:
            log.exception("cannot record the failure of submission %s", sub.id)

    def shutdown(self, wait: bool = False) -> None:
        """Stop taking work; queued submissions are marked failed at the next start."""
        self._pool.shutdown(wait=wait, cancel_futures=True)
