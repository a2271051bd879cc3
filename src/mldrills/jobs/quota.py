"""Per-user storage quota: a user's stored code and verdicts stay under a bound."""

from __future__ import annotations

import logging

from mldrills.errors import QuotaExceeded
from mldrills.store import Store

log = logging.getLogger("mldrills.jobs")
VERDICT_ALLOWANCE = 20_000  # bytes set aside for the verdict a new submission will get


def make_room(store: Store, user_id: int, code: str, quota_bytes: int) -> None:
    """Make room for one more submission, deleting the user's oldest test runs if needed.

    QuotaExceeded (nothing deleted) when even without any test run it would not fit:
    submissions are the user's record and are never deleted to make room.
    ``quota_bytes`` 0 or less means no quota.
    """
    if quota_bytes <= 0:
        return
    incoming = len(code.encode("utf-8", errors="replace")) + VERDICT_ALLOWANCE
    used, test_runs = store.storage_used(user_id)
    over = used + incoming - quota_bytes
    if over <= 0:
        return
    if over > test_runs:
        raise QuotaExceeded(
            f"your stored submissions take {used / 1e6:.1f} MB of your "
            f"{quota_bytes / 1e6:g} MB quota, and deleting every old test run would not "
            "make room for this one",
            hint="ask the administrator to raise MLDRILLS_USER_STORAGE_MB",
        )
    freed = store.prune_test_runs(user_id, over)
    log.info("user %s over the storage quota: deleted old test runs (%d bytes)", user_id, freed)
