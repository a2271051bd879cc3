"""Signed session cookies and CSRF tokens.

The session is a small JSON dict (``csrf``; ``uid`` and ``sid`` once signed in) signed
with itsdangerous. ``sid`` names a row of the store's web sessions: signing out deletes
it, so a copied cookie stops working too. Every request re-reads the user, so a disabled
account is locked out at once. Every state-changing request, JSON ones included and in
both modes, must carry the session's CSRF token, in the ``X-CSRF-Token`` header or a
``csrf_token`` form field, and one whose ``Origin`` names another site is refused.
"""

from __future__ import annotations

import hmac
import json
import os
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mldrills import settings
from mldrills.errors import Forbidden

COOKIE = "mldrills_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def secret_key(data_dir: Path) -> str:
    """MLDRILLS_SECRET_KEY, or a random key kept in ``data_dir/secret_key`` (mode 0600)."""
    configured = settings.get("secret_key").strip()
    if configured:
        return configured
    path = data_dir / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        key = secrets.token_urlsafe(48)
        handle.write(key + "\n")
    return key


class SessionMiddleware:
    """Loads the signed session cookie into ``scope["session"]``; writes it back if changed."""

    def __init__(self, app: ASGIApp, *, secret: str, max_age: int, secure: str) -> None:
        self.app = app
        self.serializer = URLSafeTimedSerializer(secret, salt="mldrills.session")
        self.max_age = max_age
        self.secure = secure

    def _load(self, scope: Scope) -> dict[str, Any]:
        for name, value in scope.get("headers", []):
            if name != b"cookie":
                continue
            morsel = SimpleCookie(value.decode("latin-1")).get(COOKIE)
            if morsel is None:
                continue
            try:
                data = self.serializer.loads(morsel.value, max_age=self.max_age)
            except BadSignature:
                return {}
            return data if isinstance(data, dict) else {}
        return {}

    def _cookie(self, scope: Scope, session: dict[str, Any]) -> str:
        secure = self.secure == "true" or (self.secure == "auto" and scope["scheme"] == "https")
        value = self.serializer.dumps(session)
        flags = f"Path=/; Max-Age={self.max_age}; HttpOnly; SameSite=Lax"
        return f"{COOKIE}={value}; {flags}" + ("; Secure" if secure else "")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self._load(scope)
        before = json.dumps(session, sort_keys=True)
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(24)
        scope["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                current = scope["session"]
                if json.dumps(current, sort_keys=True) != before:
                    headers = MutableHeaders(scope=message)
                    headers.append("Set-Cookie", self._cookie(scope, current))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def csrf_token(request: Request) -> str:
    """The session's CSRF token (for forms and the page's meta tag)."""
    return str(request.session["csrf"])


def renew_session(request: Request, **values: Any) -> None:
    """Start a fresh session (new CSRF token) holding ``values``: on sign-in and sign-out."""
    request.session.clear()
    request.session.update(values, csrf=secrets.token_urlsafe(24))


async def csrf_guard(request: Request) -> None:
    """Refuse a state-changing request without the session's CSRF token or from elsewhere."""
    if request.method in SAFE_METHODS:
        return
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host", ""):
        raise Forbidden("cross-site request refused", hint="use the app from its own address")
    content_type = request.headers.get("content-type", "")
    sent = request.headers.get(CSRF_HEADER) or None
    if sent is None and content_type.startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = request.session.get("csrf", "")
    if not sent or not expected or not hmac.compare_digest(sent, expected):
        raise Forbidden(
            "missing or stale CSRF token",
            hint=f"reload the page; API clients send the token from GET /api/me as {CSRF_HEADER}",
        )
