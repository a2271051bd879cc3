"""Persistent state of mldrills: users, exercise clocks and attempts (SQLite or PostgreSQL)."""

from mldrills.store.db import AttemptRecord, SlugStats, Store, UserRecord
from mldrills.store.invites import InviteRecord
from mldrills.store.submissions import DraftRecord, SubmissionRecord

__all__ = [
    "AttemptRecord",
    "DraftRecord",
    "InviteRecord",
    "SlugStats",
    "Store",
    "SubmissionRecord",
    "UserRecord",
]
