"""Persistent state of mldrills: users, exercise clocks and submissions (SQLite or PostgreSQL)."""

from mldrills.store.clock import ClockRecord
from mldrills.store.db import Store, UserRecord
from mldrills.store.invites import InviteRecord
from mldrills.store.prefs import PrefsRecord
from mldrills.store.reviews import CardStateRecord, ReviewLogRecord, ReviewSettingsRecord
from mldrills.store.submissions import AttemptRecord, DraftRecord, SlugStats, SubmissionRecord

__all__ = [
    "AttemptRecord",
    "CardStateRecord",
    "ClockRecord",
    "DraftRecord",
    "InviteRecord",
    "PrefsRecord",
    "ReviewLogRecord",
    "ReviewSettingsRecord",
    "SlugStats",
    "Store",
    "SubmissionRecord",
    "UserRecord",
]
