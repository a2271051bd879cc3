"""Server-side records of web sign-ins, so signing out revokes a copied cookie too."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, select

from mldrills.store.base import SessionOwner, execute_count
from mldrills.store.models import WebSession


def _key(token: str) -> str:
    # Only a hash is stored: a leaked database does not hold usable session tokens.
    return hashlib.sha256(token.encode("utf-8", errors="replace")).hexdigest()


class WebSessionsMixin(SessionOwner):
    """Store methods for signed-in web sessions."""

    def open_web_session(self, user_id: int) -> str:
        """Record a new sign-in of ``user_id``; the token to keep in its cookie."""
        token = secrets.token_urlsafe(32)
        with self._session() as session:
            session.add(WebSession(id=_key(token), user_id=user_id))
        return token

    def web_session_user(self, token: str) -> int | None:
        """The user a live session token belongs to, or None once it was revoked."""
        with self._session() as session:
            return session.scalar(select(WebSession.user_id).where(WebSession.id == _key(token)))

    def close_web_session(self, token: str) -> None:
        """Revoke one session (sign-out)."""
        with self._session() as session:
            session.execute(delete(WebSession).where(WebSession.id == _key(token)))

    def close_user_sessions(self, user_id: int, *, keep: str | None = None) -> int:
        """Revoke every session of a user but ``keep``; how many were revoked."""
        query = delete(WebSession).where(WebSession.user_id == user_id)
        if keep is not None:
            query = query.where(WebSession.id != _key(keep))
        with self._session() as session:
            return execute_count(session, query)
