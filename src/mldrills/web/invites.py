"""Invite codes: made by admins (and once at first start, for the first admin).

A code is shown once; the store keeps only its SHA-256, so a leaked database does not
leak usable invites.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import timedelta

from mldrills.errors import InvalidInput
from mldrills.store import InviteRecord, Store
from mldrills.store.db import LOCAL_USERNAME
from mldrills.store.models import utcnow

INVITE_DAYS = 7
SETUP_HOURS = 24
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9_.-]{1,31}")


def hash_code(code: str) -> str:
    """The stored form of an invite code."""
    return hashlib.sha256(code.encode("utf-8", errors="replace")).hexdigest()


def create(
    store: Store, *, created_by: int | None, is_admin: bool = False, note: str = ""
) -> tuple[InviteRecord, str]:
    """A new invite and its one-time code."""
    code = secrets.token_urlsafe(18)
    hours = SETUP_HOURS if created_by is None else INVITE_DAYS * 24
    record = store.create_invite(
        hash_code(code),
        expires_at=utcnow() + timedelta(hours=hours),
        created_by=created_by,
        is_admin=is_admin,
        note=note,
    )
    return record, code


def lookup(store: Store, code: str) -> InviteRecord | None:
    """The invite behind ``code``, whatever its state, or None."""
    return store.invite_by_hash(hash_code(code)) if code else None


def normalize_username(username: str) -> str:
    """The canonical form of a username: NFKC, case-folded, 2-32 of ``a-z 0-9 _ . -``.

    Look-alike forms ("Ada", full-width letters) map to one name; anything else outside
    the allowed characters (a trailing newline, a zero-width space) is refused, never
    silently stripped.
    """
    name = unicodedata.normalize("NFKC", username).casefold()
    if not USERNAME_RE.fullmatch(name):
        raise InvalidInput(
            "a username has 2 to 32 letters, digits, '_', '.' or '-', "
            "and starts with a letter or digit"
        )
    if name == LOCAL_USERNAME:
        raise InvalidInput(f"the username {LOCAL_USERNAME!r} is reserved")
    return name


def redeem(store: Store, code: str, username: str, password_hash: str) -> int:
    """Create the account the invite allows; the new user's id."""
    return store.redeem_invite(hash_code(code), username, password_hash)


def admin_setup_code(store: Store) -> str | None:
    """When no admin exists: a fresh one-time admin invite code (older ones revoked)."""
    if store.has_active_admin():
        return None
    store.revoke_open_admin_invites()
    _record, code = create(store, created_by=None, is_admin=True, note="first admin (setup link)")
    return code
