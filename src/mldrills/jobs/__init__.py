"""Grading on a job queue: the queue (Huey), the workers that grade from it, the quota.

The web app stores a submission, then queues a job naming it; a ``Worker`` (embedded in
``mldrills serve``, or ``mldrills worker`` on any machine reaching the queue and the
database) takes it, grades it on a warm judge and records the verdict once.
"""

from mldrills.jobs.queue import Job, JobQueue
from mldrills.jobs.quota import make_room
from mldrills.jobs.worker import Worker, WorkerConfig, enqueue_submission, grading_state

__all__ = [
    "Job",
    "JobQueue",
    "Worker",
    "WorkerConfig",
    "enqueue_submission",
    "grading_state",
    "make_room",
]
