"""A grading worker: takes jobs from the queue, grades the rows they name, keeps leases.

One ``Worker`` per process (``mldrills worker``, or embedded in ``mldrills serve``): N
threads take jobs and grade through one warm judge; a keeper thread renews this
worker's leases, passes cancel requests on to running grades, and sweeps: rows whose
worker died go back on the queue, and pending rows the queue lost (a restarted Redis, a
failed enqueue) are queued again. Each row is graded by whoever holds it and recorded
once; a repeated job finds its row no longer pending and does nothing.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

from mldrills import metrics, settings
from mldrills.errors import MldrillsError, NotFound, QueueUnavailable
from mldrills.grading import Judge
from mldrills.grading.diagnosis import pack_hash
from mldrills.grading.progress import tracking
from mldrills.jobs.queue import Job, JobQueue
from mldrills.judge.cancel import CANCELLED, Cancel
from mldrills.logs import log_context
from mldrills.practice.submissions import record_verdict
from mldrills.store import Store, SubmissionRecord
from mldrills.store.leases import Claim

log = logging.getLogger("mldrills.jobs")

LOST_MESSAGE = (
    "grading was interrupted {tries} times (the worker grading it stopped each time); "
    "it is not tried again"
)
OTHER_PACK_MESSAGE = (
    "no grading worker has the version of exercise {slug!r} this server has; the packs "
    "must be the same everywhere (ask whoever runs the server)"
)
INTERNAL_MESSAGE = "the judge failed unexpectedly; the server log has the details"


@dataclass(frozen=True)
class WorkerConfig:
    """How a worker behaves; ``from_settings`` reads the MLDRILLS_JOB_* settings."""

    concurrency: int = 2
    lease_s: float = 15.0
    max_tries: int = 3
    poll_s: float = 0.25
    sweep_s: float = 5.0
    lost_after_s: float = 10.0  # a pending row this old and not on the queue is queued again

    @classmethod
    def from_settings(cls, concurrency: int | None = None) -> WorkerConfig:
        """The configured lease, tries and concurrency (the judge's slots by default)."""
        lease_s = float(settings.get_int("job_lease_seconds", minimum=1))
        return cls(
            concurrency=concurrency or settings.get_int("judge_slots", minimum=1),
            lease_s=lease_s,
            max_tries=settings.get_int("job_max_tries", minimum=1),
            sweep_s=min(5.0, lease_s),
        )


def grading_state(store: Store) -> dict[str, float]:
    """The queue's gauges for /metrics and doctor: waiting, being graded, live workers.

    Read from the database (the truth, whatever the queue backend holds): ``queue_depth``
    pending rows, ``in_flight`` running rows, ``workers`` workers with a recent heartbeat
    (an embedded one included).
    """
    pending, running = store.grading_counts()
    return {"queue_depth": pending, "in_flight": running, "workers": len(store.workers())}


def enqueue_submission(store: Store, queue: JobQueue, catalog: Any, sub: SubmissionRecord) -> bool:
    """Queue a stored submission: its user's n-th unfinished one gets priority -n.

    So one user's burst cannot delay others: each user's first waiting submission comes
    before anyone's second (round robin by user). False when the queue could not be
    reached: the row stays ``pending`` and a worker's sweep queues it later.
    """
    job = Job(sub.id, pack_hash(catalog.get(sub.slug)))
    priority = -store.queue_rank(sub.user_id, sub.id)
    try:
        queue.enqueue(job, priority=priority)
    except QueueUnavailable as exc:
        log.warning("submission %s stays pending until the queue is back: %s", sub.id, exc)
        return False
    return True


class Worker:
    """Grades jobs from ``queue`` on ``config.concurrency`` threads (see the module doc)."""

    def __init__(
        self,
        store: Store,
        queue: JobQueue,
        judge: Judge,
        config: WorkerConfig | None = None,
        *,
        worker_id: str | None = None,
    ) -> None:
        self.store = store
        self.queue = queue
        self.judge = judge
        self.catalog = judge.catalog
        self.config = config or WorkerConfig.from_settings()
        host = socket.gethostname()[:40]
        self.id = worker_id or f"{host}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.host = host
        self._cancels: dict[int, Cancel] = {}
        self._asked: set[int] = set()  # running ids whose user asked to cancel
        self._lock = threading.Lock()
        self._stop = threading.Event()  # takers stop taking jobs
        self._halt = threading.Event()  # the keeper stops renewing (after the takers)
        self._threads: list[threading.Thread] = []
        self._keeper: threading.Thread | None = None
        self.graded = 0  # jobs this worker finished (any outcome)
        self._catalog_hash: str | None = None

    # Running

    def start(self) -> None:
        """Register, then start the grading threads and the keeper."""
        self.queue.serve(self.handle)
        self._heartbeat()
        names = [f"mldrills-job-{i}" for i in range(self.config.concurrency)]
        if self.queue.kind == "immediate":  # jobs run inside enqueue: no takers needed
            names = []
        self._threads = [
            threading.Thread(target=self._take_loop, name=n, daemon=True) for n in names
        ]
        self._keeper = threading.Thread(target=self._keep, name="mldrills-keeper", daemon=True)
        for thread in [*self._threads, self._keeper]:
            thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop taking jobs; grades still running after ``timeout`` seconds are stopped
        and their rows go back to pending for another worker."""
        self._stop.set()
        self.queue.wake()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        with self._lock:
            for cancel in self._cancels.values():
                cancel.cancel()
        for thread in self._threads:
            thread.join(2.0)
        self._halt.set()  # leases were renewed while the last grades finished
        if self._keeper is not None:
            self._keeper.join(2.0)
        self.queue.serve(None)
        try:
            self.store.worker_gone(self.id)
        except MldrillsError as exc:
            log.warning("could not unregister worker %s: %s", self.id, exc)

    def running(self) -> int:
        """How many grades run now."""
        with self._lock:
            return len(self._cancels)

    def _take_loop(self) -> None:
        backoff = 0.5
        while not self._stop.is_set():
            try:
                self.queue.run_next(self.config.poll_s)
                backoff = 0.5
            except QueueUnavailable as exc:
                log.warning("worker %s: %s; retrying in %.1f s", self.id, exc, backoff)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
            except Exception:  # never let one bad job end a grading thread
                log.exception("worker %s: taking a job failed", self.id)
                self._stop.wait(1.0)

    def _keep(self) -> None:
        every = max(0.2, min(1.0, self.config.lease_s / 5))
        last_sweep = 0.0  # so the first round sweeps: what a restart left is picked up
        while not self._halt.wait(every):
            try:
                self._heartbeat()
                if not self._stop.is_set() and time.monotonic() - last_sweep >= self.config.sweep_s:
                    last_sweep = time.monotonic()
                    self.sweep()
            except MldrillsError as exc:
                log.warning("worker %s keeper: %s", self.id, exc)
            except Exception:
                log.exception("worker %s keeper failed a round", self.id)

    def _heartbeat(self) -> None:
        for sub_id in self.store.renew_leases(self.id, self.config.lease_s):
            with self._lock:
                cancel = self._cancels.get(sub_id)
                if cancel is not None:
                    self._asked.add(sub_id)
            if cancel is not None:
                cancel.cancel()
        self.store.worker_seen(
            self.id,
            host=self.host,
            pid=os.getpid(),
            concurrency=self.config.concurrency,
            packs_hash=self.catalog_hash(),
        )

    def catalog_hash(self) -> str:
        """One hash over every pack this worker has (doctor compares workers with it)."""
        if self._catalog_hash is None:
            digest = hashlib.sha256()
            for slug in sorted(self.catalog.slugs):
                digest.update(f"{slug}={pack_hash(self.catalog.get(slug))};".encode())
            self._catalog_hash = digest.hexdigest()[:20]
        return self._catalog_hash

    # One job

    def handle(self, job: Job) -> None:
        """Grade the row a job names, if it still waits; record its outcome once."""
        claim = self.store.claim_submission(job.submission_id, self.id, self.config.lease_s)
        if claim is None:  # graded, cancelled or taken already: a repeated job
            return
        cancel = Cancel()
        sub = claim.submission
        with self._lock:
            self._cancels[sub.id] = cancel
        try:
            with log_context(
                submission_id=sub.id, user_id=sub.user_id, slug=sub.slug, worker=self.id
            ):
                self._grade_claimed(job, claim, cancel)
        finally:
            with self._lock:
                self._cancels.pop(claim.submission.id, None)
                self._asked.discard(claim.submission.id)
            self.graded += 1

    def _grade_claimed(self, job: Job, claim: Claim, cancel: Cancel) -> None:
        sub_id = claim.submission.id
        if claim.tries > self.config.max_tries:
            self._end(sub_id, LOST_MESSAGE.format(tries=claim.tries - 1))
            return
        if not self._same_pack(job, claim):
            if claim.tries >= self.config.max_tries:
                self._end(sub_id, OTHER_PACK_MESSAGE.format(slug=claim.submission.slug))
            else:
                self._requeue(claim, job)
                self._stop.wait(0.5)  # give a worker with the right packs the next turn
            return
        exercise = self.catalog.get(claim.submission.slug)
        try:
            with tracking(self.judge.board, sub_id):  # which check runs, for the web page
                result = self.judge.grade(
                    exercise.slug,
                    claim.submission.code,
                    hidden=claim.submission.hidden,
                    cancel=cancel,
                )
        except MldrillsError as exc:
            self._stopped_or_end(job, claim, exc.message)
            return
        except Exception:
            log.exception("grading submission %s failed", sub_id)
            self._stopped_or_end(job, claim, INTERNAL_MESSAGE)
            return
        if cancel.requested:
            with self._lock:
                asked = sub_id in self._asked
            if asked:
                self._end(sub_id, CANCELLED, cancelled=True)
            else:  # this worker is stopping: the row goes back for another
                self._requeue(claim, job)
            return
        recorded = record_verdict(self.store, claim.submission, exercise.meta, result)
        self.store.release_lease(sub_id)
        if recorded.state == "done" and recorded.status and recorded.finished_at:
            total_s = (recorded.finished_at - recorded.created_at).total_seconds()
            grading_s = float(result.timings.get("total_ms", 0.0)) / 1000
            metrics.observe_verdict(
                recorded.kind, recorded.status, total_s=total_s, grading_s=grading_s
            )

    def _stopped_or_end(self, job: Job, claim: Claim, message: str) -> None:
        """A grade that failed: requeued when this worker is stopping, else an error."""
        if self._stop.is_set():
            self._requeue(claim, job)
        else:
            self._end(claim.submission.id, message)

    def _same_pack(self, job: Job, claim: Claim) -> bool:
        try:
            mine = pack_hash(self.catalog.get(claim.submission.slug))
        except NotFound:
            mine = ""
        if mine != job.pack_hash:
            log.warning(
                "worker %s refuses submission %s: exercise %s is %s here, %s on the server",
                self.id, claim.submission.id, claim.submission.slug, mine or "missing",
                job.pack_hash,
            )  # fmt: skip
        return mine == job.pack_hash

    def _end(self, sub_id: int, message: str, *, cancelled: bool = False) -> None:
        try:
            ended = self.store.end_submission(sub_id, message, cancelled=cancelled)
            self.store.release_lease(sub_id)
            if ended is not None:
                metrics.observe_verdict(ended.kind, ended.state)  # error or cancelled
        except MldrillsError:
            log.exception("cannot record the end of submission %s", sub_id)

    def _requeue(self, claim: Claim, job: Job) -> None:
        """Give a claimed row back: pending again, and its job (same pack hash) queued."""
        if not self.store.requeue_submission(claim.submission.id, self.id):
            return  # ended meanwhile (cancelled), or already swept
        rank = self.store.queue_rank(claim.submission.user_id, claim.submission.id)
        try:
            self.queue.enqueue(job, priority=-rank)
        except QueueUnavailable as exc:  # the sweep queues it once the queue is back
            log.warning("submission %s stays pending: %s", claim.submission.id, exc)

    # Sweeping

    def sweep(self) -> int:
        """Queue again what was lost: rows of dead workers and pending rows off the queue."""
        count = 0
        self.store.forget_ended_leases()
        for sub_id, user_id, _tries in self.store.reclaim_expired():
            log.warning("submission %s lost its worker; queued again", sub_id)
            count += self._requeue_row(sub_id, user_id)
        try:
            queued = self.queue.queued_ids()
        except QueueUnavailable as exc:
            log.warning("sweep cannot read the queue: %s", exc)
            return count
        for sub_id, user_id in self.store.pending_submissions(self.config.lost_after_s):
            if sub_id not in queued:
                log.warning("submission %s was pending off the queue; queued again", sub_id)
                count += self._requeue_row(sub_id, user_id)
        return count

    def _requeue_row(self, sub_id: int, user_id: int) -> int:
        sub = self.store.submission(user_id, sub_id)
        try:
            self.catalog.get(sub.slug)
        except NotFound:
            self._end(sub_id, f"exercise {sub.slug!r} is not on this server any more")
            return 0
        return int(enqueue_submission(self.store, self.queue, self.catalog, sub))
