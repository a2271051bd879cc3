"""Who is asking: the local user in single-user mode, the signed-in one on a server."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mldrills.errors import Forbidden, NotFound
from mldrills.store import UserRecord
from mldrills.web.errors import NotAuthenticated
from mldrills.web.state import get_state


def optional_user(request: Request) -> UserRecord | None:
    """The user behind the request, or None when nobody is signed in."""
    state = get_state(request)
    if state.local_user is not None:
        return state.local_user
    uid, sid = request.session.get("uid"), request.session.get("sid")
    if not isinstance(uid, int):
        return None
    live = isinstance(sid, str) and state.store.web_session_user(sid) == uid
    user = state.store.get_user(uid) if live else None
    if user is None or not user.is_active:
        request.session.pop("uid", None)
        request.session.pop("sid", None)
        return None
    return user


def current_user(request: Request) -> UserRecord:
    """The signed-in user; NotAuthenticated (401, or a redirect for pages) otherwise."""
    user = optional_user(request)
    if user is None:
        raise NotAuthenticated("sign in to continue", hint="POST /api/login or open /login")
    return user


def admin_user(request: Request) -> UserRecord:
    """The signed-in admin of a multi-user server."""
    if not get_state(request).config.multi_user:
        raise NotFound("there are no accounts to manage in single-user mode")
    user = current_user(request)
    if not user.is_admin:
        raise Forbidden("only admins may do this")
    return user


User = Annotated[UserRecord, Depends(current_user)]
Admin = Annotated[UserRecord, Depends(admin_user)]
