"""Grading off the request thread: a bounded pool of workers sharing one warm Judge."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from mldrills.errors import InvalidInput, MldrillsError
from mldrills.grading import Judge
from mldrills.judge.cancel import CANCELLED, Cancel
from mldrills.practice.attempts import record
from mldrills.store import Store, SubmissionRecord
from mldrills.web.errors import PayloadTooLarge, TooManyRequests

log = logging.getLogger("mldrills.web")
RESTART_MESSAGE = "the server restarted before this submission was graded; please submit again"
INTERNAL_MESSAGE = "the judge failed unexpectedly; the server log has the details"


def error_result(slug: str, hidden: bool, message: str) -> dict[str, Any]:
    """A judge-shaped result for a submission that could not be graded at all."""
    return {
        "slug": slug,
        "status": "error",
        "checks": [],
        "message": message,
        "output": "",
        "hidden": hidden,
        "timings": {"total_ms": 0.0},
        "isolation": {},
        "passed": 0,
        "total": 0,
    }


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
        """Queue ``code`` for grading; the submission is ``pending`` until a worker has it."""
        check_size(code)
        if self.store.unfinished_submissions(user_id) >= self.per_user_limit:
            raise TooManyRequests(
                f"you already have {self.per_user_limit} submissions waiting to be graded",
                hint="wait for them to finish",
            )
        if self.store.unfinished_submissions() >= self.queue_limit:
            raise TooManyRequests("the judge is busy; try again in a few seconds", retry_after=10)
        created = self.store.create_submission(user_id, slug, code, hidden=hidden)
        with self._lock:
            self._cancels[created.id] = Cancel()
        self._pool.submit(self._grade, created)
        return created

    def cancel(self, user_id: int, submission_id: int) -> SubmissionRecord:
        """Stop one of the user's submissions that waits or runs (a finished one stays)."""
        found = self.store.submission(user_id, submission_id)  # NotFound for others'
        with self._lock:
            cancel = self._cancels.get(submission_id)
        if cancel is not None and not found.done:
            cancel.cancel()
        return found

    def _grade(self, sub: SubmissionRecord) -> None:
        with self._lock:
            cancel = self._cancels.get(sub.id) or Cancel()
        try:
            if cancel.requested:  # stopped while it waited: nothing to grade
                self._finish_with_error(sub, CANCELLED)
                return
            self.store.mark_submission_running(sub.id)
            result = self.judge.grade(sub.slug, sub.code, hidden=sub.hidden, cancel=cancel)
            if cancel.requested:  # a cancelled grade is no attempt
                self.store.finish_submission(sub.id, result.to_dict(), None)
                return
            meta = self.judge.catalog.get(sub.slug).meta
            attempt = record(self.store, sub.user_id, meta, sub.code, result, submit=sub.hidden)
            self.store.finish_submission(sub.id, attempt.result, attempt.id)
        except MldrillsError as exc:
            self._finish_with_error(sub, exc.message)
        except Exception:
            log.exception("grading submission %s failed", sub.id)
            self._finish_with_error(sub, INTERNAL_MESSAGE)
        finally:
            with self._lock:
                self._cancels.pop(sub.id, None)

    def _finish_with_error(self, record: SubmissionRecord, message: str) -> None:
        try:
            self.store.finish_submission(
                record.id, error_result(record.slug, record.hidden, message), None
            )
        except MldrillsError:
            log.exception("cannot record the failure of submission %s", record.id)

    def shutdown(self, wait: bool = False) -> None:
        """Stop taking work; queued submissions are marked failed at the next start."""
        self._pool.shutdown(wait=wait, cancel_futures=True)
