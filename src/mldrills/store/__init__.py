"""Persistent state of mldrills: users, exercise clocks and attempts (SQLite or PostgreSQL)."""

from mldrills.store.db import AttemptRecord, SlugStats, Store, UserRecord

__all__ = ["AttemptRecord", "SlugStats", "Store", "UserRecord"]
