"""Signing in and out, signing up with an invite, and ``/api/me``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mldrills.errors import Forbidden, InvalidInput, MldrillsError, NotFound
from mldrills.store import UserRecord
from mldrills.web import invites
from mldrills.web.auth import User, optional_user
from mldrills.web.errors import NotAuthenticated
from mldrills.web.passwords import check_new_password, hash_password, needs_rehash, verify_password
from mldrills.web.schemas import LoginIn, MeOut, PasswordChangeIn
from mldrills.web.sessions import CSRF_HEADER, csrf_token, renew_session
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


def _user_data(user: UserRecord | None) -> dict[str, Any] | None:
    if user is None:
        return None
    keys = ("id", "username", "is_admin", "is_active", "created_at")
    return {k: getattr(user, k) for k in keys}


def _safe_next(target: str) -> str:
    """Only redirect within this site."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def authenticate(request: Request, state: AppState, username: str, password: str) -> UserRecord:
    """Check credentials under the rate limit; sign the user in on success.

    An unknown or malformed name costs the same password hash as a known one, so the
    answer's timing does not tell which names exist.
    """
    if not state.config.multi_user:
        raise NotFound("single-user mode has no sign-in")
    client = request.client.host if request.client else "unknown"
    try:
        name = invites.normalize_username(username)
    except InvalidInput:
        name = None
    keys = {"pair": f"{client} {name or username[:64]!r}", "ip": client}
    state.limiter.check(**keys)
    user = state.store.get_user_by_name(name) if name else None
    good = verify_password(user.password_hash if user else None, password)
    if user is None or not good:
        state.limiter.failed(**keys)
        raise NotAuthenticated("wrong username or password")
    if not user.is_active:
        raise Forbidden("this account is disabled", hint="ask your admin")
    state.limiter.succeeded(pair=keys["pair"])
    if user.password_hash and needs_rehash(user.password_hash):
        state.store.set_password_hash(user.id, hash_password(password))
    sign_in(request, state, user.id)
    return user


def sign_in(request: Request, state: AppState, uid: int) -> None:
    """A fresh session for ``uid``, recorded in the store so it can be revoked."""
    renew_session(request, uid=uid, sid=state.store.open_web_session(uid))


def sign_out(request: Request, state: AppState) -> None:
    """Revoke this session in the store (copies of the cookie die too) and start afresh."""
    sid = request.session.get("sid")
    if isinstance(sid, str):
        state.store.close_web_session(sid)
    renew_session(request)


@router.get("/api/me", response_model=MeOut, tags=["account"])
def api_me(request: Request, state: State) -> dict[str, Any]:
    """Who you are, the app's mode, and your CSRF token for state-changing calls."""
    return {
        "user": _user_data(optional_user(request)),
        "multi_user": state.config.multi_user,
        "csrf_token": csrf_token(request),
        "csrf_header": CSRF_HEADER,
    }


@router.post("/api/login", response_model=MeOut, tags=["account"])
def api_login(request: Request, state: State, body: LoginIn) -> dict[str, Any]:
    """Sign in (multi-user mode); the response carries the new session's CSRF token."""
    authenticate(request, state, body.username, body.password)
    return api_me(request, state)


@router.post("/api/logout", status_code=204, tags=["account"])
def api_logout(request: Request, state: State) -> Response:
    """Sign out; the session cookie stops working everywhere it was copied."""
    sign_out(request, state)
    return Response(status_code=204)


@router.post("/api/account/password", status_code=204, tags=["account"])
def api_change_password(
    request: Request, state: State, user: User, body: PasswordChangeIn
) -> Response:
    """Change your password; every other session of yours is signed out."""
    if user.password_hash is None or not verify_password(user.password_hash, body.current):
        raise Forbidden("the current password is wrong")
    check_new_password(body.new)
    state.store.set_password_hash(user.id, hash_password(body.new))
    sid = request.session.get("sid")
    state.store.close_user_sessions(user.id, keep=sid if isinstance(sid, str) else None)
    return Response(status_code=204)


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, state: State, next: str = "/") -> Response:
    """The sign-in form (single-user mode goes straight to the dashboard)."""
    if not state.config.multi_user or optional_user(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(
    request: Request,
    state: State,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the form; back to the form with the reason on failure."""
    try:
        authenticate(request, state, username, password)
    except MldrillsError as exc:
        context = {"next": _safe_next(next), "error": exc.message, "username": username}
        return render(request, "login.html", context, status=exc.http_status)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout_form(request: Request, state: State) -> Response:
    """Sign out and go to the sign-in page."""
    sign_out(request, state)
    return RedirectResponse("/login", status_code=303)


@router.get("/signup", response_class=HTMLResponse, include_in_schema=False)
def signup_page(request: Request, state: State, code: str = "") -> Response:
    """The sign-up form for an invite link."""
    if not state.config.multi_user:
        raise NotFound("single-user mode has no accounts")
    invite = invites.lookup(state.store, code)
    context = {"code": code, "invite": invite, "error": None, "username": ""}
    return render(request, "signup.html", context)


@router.post("/signup", response_class=HTMLResponse, include_in_schema=False)
def signup_form(
    request: Request,
    state: State,
    code: Annotated[str, Form(max_length=100)],
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    confirm: Annotated[str, Form(max_length=1024)],
) -> Response:
    """Create the account, use the invite up, and sign in."""
    if not state.config.multi_user:
        raise NotFound("single-user mode has no accounts")
    try:
        name = invites.normalize_username(username)
        check_new_password(password, confirm)
        uid = invites.redeem(state.store, code, name, hash_password(password))
    except InvalidInput as exc:
        invite = invites.lookup(state.store, code)
        context = {"code": code, "invite": invite, "error": exc.message, "username": username}
        return render(request, "signup.html", context, status=exc.http_status)
    sign_in(request, state, uid)
    return RedirectResponse("/", status_code=303)
