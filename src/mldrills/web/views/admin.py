"""Admin of a multi-user server: invite people, disable and re-enable accounts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mldrills.errors import InvalidInput
from mldrills.store import InviteRecord, UserRecord
from mldrills.web import invites
from mldrills.web.auth import Admin
from mldrills.web.schemas import ActiveIn, InviteCreatedOut, InviteIn, InviteOut, UserOut
from mldrills.web.state import AppState, get_state
from mldrills.web.views.common import render

router = APIRouter()
State = Annotated[AppState, Depends(get_state)]


def invite_data(invite: InviteRecord) -> dict[str, Any]:
    """An invite as JSON-ready data."""
    keys = ("id", "is_admin", "note", "created_at", "expires_at", "used_by")
    return {**{k: getattr(invite, k) for k in keys}, "state": invite.state()}


def user_data(user: UserRecord) -> dict[str, Any]:
    """An account as JSON-ready data (never the password hash)."""
    keys = ("id", "username", "is_admin", "is_active", "created_at")
    return {k: getattr(user, k) for k in keys}


def signup_url(request: Request, code: str) -> str:
    """The sign-up link for an invite code, on the address the admin is using."""
    return str(request.url_for("signup_page").include_query_params(code=code))


def new_invite(
    request: Request, state: AppState, admin: UserRecord, note: str, is_admin: bool
) -> dict[str, Any]:
    """Create an invite; its data with the one-time code and link."""
    record, code = invites.create(state.store, created_by=admin.id, is_admin=is_admin, note=note)
    return {**invite_data(record), "code": code, "url": signup_url(request, code)}


def set_active(state: AppState, admin: UserRecord, user_id: int, active: bool) -> UserRecord:
    """Enable or disable an account; admins cannot lock themselves out."""
    if user_id == admin.id and not active:
        raise InvalidInput("you cannot disable your own account")
    return state.store.set_user_active(user_id, active)


@router.get("/api/admin/users", response_model=list[UserOut], tags=["admin"])
def api_users(state: State, admin: Admin) -> list[dict[str, Any]]:
    """Every account."""
    return [user_data(u) for u in state.store.list_users() if u.password_hash is not None]


@router.post("/api/admin/users/{user_id}/active", response_model=UserOut, tags=["admin"])
def api_set_active(state: State, admin: Admin, user_id: int, body: ActiveIn) -> dict[str, Any]:
    """Disable (``active: false``) or re-enable an account; a disabled user is signed out."""
    return user_data(set_active(state, admin, user_id, body.active))


@router.get("/api/admin/invites", response_model=list[InviteOut], tags=["admin"])
def api_invites(state: State, admin: Admin) -> list[dict[str, Any]]:
    """Every invite, newest first."""
    return [invite_data(i) for i in state.store.list_invites()]


@router.post("/api/admin/invites", status_code=201, response_model=InviteCreatedOut, tags=["admin"])
def api_new_invite(request: Request, state: State, admin: Admin, body: InviteIn) -> dict[str, Any]:
    """Create an invite; the code and link are shown only in this response."""
    return new_invite(request, state, admin, body.note, body.is_admin)


@router.post("/api/admin/invites/{invite_id}/revoke", response_model=InviteOut, tags=["admin"])
def api_revoke(state: State, admin: Admin, invite_id: int) -> dict[str, Any]:
    """Make an invite unusable."""
    return invite_data(state.store.revoke_invite(invite_id))


def _page(request: Request, state: AppState, created: dict[str, Any] | None) -> HTMLResponse:
    context = {
        "users": [u for u in state.store.list_users() if u.password_hash is not None],
        "invites": [invite_data(i) for i in state.store.list_invites()],
        "created": created,
    }
    return render(request, "admin.html", context, active="admin")


@router.get("/admin", response_class=HTMLResponse, include_in_schema=False)
def admin_page(request: Request, state: State, admin: Admin) -> HTMLResponse:
    """Users and invites."""
    return _page(request, state, None)


@router.post("/admin/invites", response_class=HTMLResponse, include_in_schema=False)
def admin_new_invite(
    request: Request,
    state: State,
    admin: Admin,
    note: Annotated[str, Form(max_length=200)] = "",
    is_admin: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Create an invite and show its link once."""
    return _page(request, state, new_invite(request, state, admin, note, is_admin))


@router.post("/admin/invites/{invite_id}/revoke", include_in_schema=False)
def admin_revoke(state: State, admin: Admin, invite_id: int) -> Response:
    """Revoke an invite."""
    state.store.revoke_invite(invite_id)
    return RedirectResponse("/admin", status_code=303)


@router.post("/admin/users/{user_id}/active", include_in_schema=False)
def admin_set_active(
    state: State, admin: Admin, user_id: int, active: Annotated[bool, Form()]
) -> Response:
    """Disable or re-enable an account."""
    set_active(state, admin, user_id, active)
    return RedirectResponse("/admin", status_code=303)
