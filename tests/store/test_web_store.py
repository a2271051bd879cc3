"""The web's tables: submissions, drafts and invites, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store
from mldrills.store.models import utcnow


def result(status: str = "pass") -> dict[str, object]:
    return {
        "status": status,
        "checks": [{"name": "a", "status": status}],
        "timings": {"total_ms": 1.0},
    }


# Submissions


def test_submission_lifecycle(store: Store) -> None:
    user = store.create_user("ada", None)
    sub = store.create_submission(user.id, "merge-intervals", "x = 1", hidden=True)
    assert sub.status == "pending" and not sub.done and sub.result is None
    assert store.unfinished_submissions(user.id) == 1
    store.mark_submission_running(sub.id)
    assert store.submission(user.id, sub.id).status == "running"
    attempt = store.record_attempt(
        user.id, "merge-intervals", "submit", "x = 1", result(), time_spent_s=None
    )
    store.finish_submission(sub.id, result("fail"), attempt.id)
    done = store.submission(user.id, sub.id)
    assert done.status == "fail" and done.done and done.attempt_id == attempt.id
    assert done.result is not None and done.result["status"] == "fail"
    assert done.finished_at is not None
    assert store.unfinished_submissions() == 0


def test_submissions_are_private(store: Store) -> None:
    ada, bob = store.create_user("ada", None), store.create_user("bob", None)
    sub = store.create_submission(ada.id, "merge-intervals", "x", hidden=False)
    with pytest.raises(NotFound):
        store.submission(bob.id, sub.id)
    with pytest.raises(NotFound):
        store.submission(ada.id, sub.id + 1)


def test_unknown_status_becomes_error(store: Store) -> None:
    user = store.create_user("ada", None)
    sub = store.create_submission(user.id, "s", "x", hidden=True)
    store.finish_submission(sub.id, {"status": "weird"}, None)
    assert store.submission(user.id, sub.id).status == "error"


def test_unfinished_submissions_fail_after_restart(store: Store) -> None:
    user = store.create_user("ada", None)
    a = store.create_submission(user.id, "s", "x", hidden=True)
    b = store.create_submission(user.id, "s", "x", hidden=True)
    store.finish_submission(b.id, result(), None)
    assert store.fail_unfinished_submissions("restarted") == 1
    failed = store.submission(user.id, a.id)
    assert failed.status == "error" and failed.result is not None
    assert failed.result["message"] == "restarted"
    assert store.submission(user.id, b.id).status == "pass"


def test_deleting_an_attempt_keeps_the_submission(store: Store) -> None:
    from sqlalchemy import delete

    from mldrills.store.models import Attempt

    user = store.create_user("ada", None)
    attempt = store.record_attempt(user.id, "s", "submit", "x", result(), time_spent_s=None)
    sub = store.create_submission(user.id, "s", "x", hidden=True)
    store.finish_submission(sub.id, result(), attempt.id)
    with store.engine.begin() as conn:
        conn.execute(delete(Attempt).where(Attempt.id == attempt.id))
    assert store.submission(user.id, sub.id).attempt_id is None


# Drafts


def test_drafts_are_per_user_and_replaced(store: Store) -> None:
    ada, bob = store.create_user("ada", None), store.create_user("bob", None)
    assert store.draft(ada.id, "s") is None
    first = store.save_draft(ada.id, "s", "one")
    second = store.save_draft(ada.id, "s", "two")
    assert second.updated_at >= first.updated_at
    saved = store.draft(ada.id, "s")
    assert saved is not None and saved.code == "two"
    assert store.draft(bob.id, "s") is None


# Invites


def test_invite_is_redeemed_once(store: Store) -> None:
    admin = store.create_user("root", "h", is_admin=True)
    invite = store.create_invite("h1", expires_at=utcnow() + timedelta(days=1), created_by=admin.id)
    assert invite.state() == "open"
    uid = store.redeem_invite("h1", "ada", "pw-hash")
    user = store.get_user(uid)
    assert user is not None and user.username == "ada" and not user.is_admin
    assert user.password_hash == "pw-hash"
    used = store.invite_by_hash("h1")
    assert used is not None and used.state() == "used" and used.used_by == uid
    with pytest.raises(InvalidInput, match="used"):
        store.redeem_invite("h1", "eve", "x")
    assert store.get_user_by_name("eve") is None


@pytest.mark.parametrize("how", ["expired", "revoked", "unknown"])
def test_closed_invites_are_refused(store: Store, how: str) -> None:
    delta = timedelta(seconds=-1) if how == "expired" else timedelta(days=1)
    invite = store.create_invite("h1", expires_at=utcnow() + delta)
    if how == "revoked":
        store.revoke_invite(invite.id)
    with pytest.raises(InvalidInput, match=how):
        store.redeem_invite("nope" if how == "unknown" else "h1", "ada", "x")
    assert store.get_user_by_name("ada") is None


def test_taken_username_keeps_the_invite_open(store: Store) -> None:
    store.create_user("ada", "h")
    store.create_invite("h1", expires_at=utcnow() + timedelta(days=1))
    with pytest.raises(InvalidInput, match="taken"):
        store.redeem_invite("h1", "ada", "x")
    invite = store.invite_by_hash("h1")
    assert invite is not None and invite.state() == "open"


def test_admin_invite_makes_an_admin(store: Store) -> None:
    assert not store.has_active_admin()
    store.create_invite("old", expires_at=utcnow() + timedelta(days=1), is_admin=True)
    assert store.revoke_open_admin_invites() == 1
    store.create_invite("new", expires_at=utcnow() + timedelta(days=1), is_admin=True)
    uid = store.redeem_invite("new", "root", "x")
    assert store.has_active_admin()
    store.set_user_active(uid, False)
    assert not store.has_active_admin()
    assert [i.state() for i in store.list_invites()] == ["used", "revoked"]


def test_revoke_unknown_invite_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.revoke_invite(42)


def test_set_password_hash(store: Store) -> None:
    user = store.create_user("ada", "old")
    store.set_password_hash(user.id, "new")
    again = store.get_user(user.id)
    assert again is not None and again.password_hash == "new"
    with pytest.raises(NotFound):
        store.set_password_hash(999, "x")
