"""What the Store's feature mixins share: the transaction they run their queries in."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import CursorResult, Executable
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mldrills.errors import InvalidInput, NotFound


class SessionOwner:
    """Base of the Store mixins; ``Store`` provides the real ``_session``."""

    def _session(self) -> AbstractContextManager[Session]:
        raise NotImplementedError


def check_slug(slug: str) -> None:
    """Reject slugs the tables cannot hold."""
    if not slug or len(slug) > 128:
        raise InvalidInput(f"exercise slug must be 1 to 128 characters: {slug[:40]!r}")


MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on every backend


def known_id(value: int) -> bool:
    """Whether ``value`` could be a row id; an out-of-range one names no row (NotFound)."""
    return 1 <= value <= MAX_ID


def flush_for_user(session: Session, user_id: int) -> None:
    """Flush new rows of ``user_id``; a user that does not exist is NotFound, not a 500."""
    try:
        session.flush()
    except IntegrityError:
        raise NotFound(f"no user with id {user_id}") from None


def execute_count(session: Session, statement: Executable) -> int:
    """Run an UPDATE or DELETE and return how many rows it touched."""
    result = session.execute(statement)
    return int(result.rowcount) if isinstance(result, CursorResult) else 0


__all__ = ["MAX_ID", "SessionOwner", "check_slug", "execute_count", "flush_for_user", "known_id"]
