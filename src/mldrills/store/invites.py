"""Invites and password updates for multi-user servers, as Store methods."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from mldrills.errors import InvalidInput, NotFound
from mldrills.store.base import SessionOwner, execute_count, known_id
from mldrills.store.models import Invite, User, utcnow


@dataclass(frozen=True)
class InviteRecord:
    """An invite as read from the store (its code is never stored, only a hash)."""

    id: int
    is_admin: bool
    note: str
    created_by: int | None
    created_at: datetime
    expires_at: datetime
    used_by: int | None
    used_at: datetime | None
    revoked: bool

    def state(self, now: datetime | None = None) -> str:
        """``open``, ``used``, ``revoked`` or ``expired``."""
        if self.used_by is not None or self.used_at is not None:
            return "used"
        if self.revoked:
            return "revoked"
        return "expired" if (now or utcnow()) >= self.expires_at else "open"


def _record(row: Invite) -> InviteRecord:
    return InviteRecord(
        id=row.id,
        is_admin=row.is_admin,
        note=row.note,
        created_by=row.created_by,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_by=row.used_by,
        used_at=row.used_at,
        revoked=row.revoked,
    )


class InvitesMixin(SessionOwner):
    """Store methods for invites, admins and passwords."""

    def create_invite(
        self,
        code_hash: str,
        *,
        expires_at: datetime,
        created_by: int | None = None,
        is_admin: bool = False,
        note: str = "",
    ) -> InviteRecord:
        """Store a new invite under the hash of its code."""
        row = Invite(
            code_hash=code_hash,
            expires_at=expires_at,
            created_by=created_by,
            is_admin=is_admin,
            note=note[:200],
        )
        with self._session() as session:
            session.add(row)
            session.flush()
            return _record(row)

    def list_invites(self) -> list[InviteRecord]:
        """Every invite, newest first."""
        query = select(Invite).order_by(Invite.id.desc())
        with self._session() as session:
            return [_record(row) for row in session.scalars(query)]

    def invite_by_hash(self, code_hash: str) -> InviteRecord | None:
        """The invite whose code hashes to ``code_hash``, or None."""
        with self._session() as session:
            row = session.scalar(select(Invite).where(Invite.code_hash == code_hash))
            return _record(row) if row is not None else None

    def revoke_invite(self, invite_id: int) -> InviteRecord:
        """Make an unused invite unusable; NotFound when the id does not exist."""
        with self._session() as session:
            row = session.get(Invite, invite_id) if known_id(invite_id) else None
            if row is None:
                raise NotFound(f"no invite with id {invite_id}")
            row.revoked = True
            return _record(row)

    def revoke_open_admin_invites(self) -> int:
        """Revoke every unused admin invite (a new setup link replaces the old ones)."""
        query = (
            update(Invite)
            .where(Invite.is_admin, Invite.used_by.is_(None), Invite.used_at.is_(None))
            .values(revoked=True)
        )
        with self._session() as session:
            return execute_count(session, query)

    def redeem_invite(self, code_hash: str, username: str, password_hash: str) -> int:
        """Create the account an open invite allows and use the invite up; the new user's id.

        Both happen in one transaction, so one code makes exactly one account.
        """
        if not username or len(username) > 64:
            raise InvalidInput("username must be 1 to 64 characters")
        now = utcnow()
        with self._session() as session:
            row = session.scalar(select(Invite).where(Invite.code_hash == code_hash))
            if row is None or _record(row).state(now) != "open":
                state = "unknown" if row is None else _record(row).state(now)
                raise InvalidInput(f"this invite is {state}", hint="ask your admin for a new one")
            taken = select(User.id).where(func.lower(User.username) == username.lower())
            if session.scalar(taken.limit(1)) is not None:
                raise InvalidInput(f"username {username!r} is already taken")
            user = User(username=username, password_hash=password_hash, is_admin=row.is_admin)
            session.add(user)
            try:
                session.flush()
            except IntegrityError:
                raise InvalidInput(f"username {username!r} is already taken") from None
            claimed = execute_count(
                session,
                update(Invite)
                .where(Invite.id == row.id, Invite.used_by.is_(None), Invite.used_at.is_(None))
                .values(used_by=user.id, used_at=now),
            )
            if claimed != 1:
                raise InvalidInput("this invite was just used", hint="ask your admin for a new one")
            return user.id

    def has_active_admin(self) -> bool:
        """Whether some enabled account is an admin."""
        query = select(User.id).where(User.is_admin, User.is_active).limit(1)
        with self._session() as session:
            return session.scalar(query) is not None

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        """Replace a user's password hash (e.g. after rehashing with new parameters)."""
        with self._session() as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound(f"no user with id {user_id}")
            user.password_hash = password_hash
