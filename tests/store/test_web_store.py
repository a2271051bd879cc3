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


# Submissions: one row from receipt to verdict


def test_submission_lifecycle(store: Store) -> None:
    user = store.create_user("ada", None)
    sub = store.create_submission(user.id, "merge-intervals", "x = 1", hidden=True)
    assert sub.state == "pending" and sub.status is None and not sub.finished
    assert sub.verdict is None and sub.attempt_id is None and sub.kind == "submit"
    assert store.unfinished_submissions(user.id) == 1
    assert store.attempts(user.id) == [] and store.stats(user.id) == {}
    claim = store.claim_submission(sub.id, "worker-1", 15.0)
    assert claim is not None and claim.submission.state == "running"
    assert claim.submission.code == "x = 1" and claim.submission.started_at is not None
    assert store.claim_submission(sub.id, "worker-2", 15.0) is None  # taken once
    done = store.finish_submission(sub.id, result("fail"), time_spent_s=12.5)
    assert done is not None and done.state == "done" and done.status == "fail"
    assert done.finished and done.attempt_id == sub.id and done.finished_at is not None
    assert done.verdict is not None and done.verdict["status"] == "fail"
    assert (done.passed_checks, done.total_checks, done.judge_ms) == (0, 1, 1.0)
    assert store.submission(user.id, sub.id) == done
    # The graded row is the attempt: one row, read by history and statistics.
    assert store.attempts(user.id) == [done] and store.attempt(user.id, sub.id) == done
    assert store.stats(user.id)["merge-intervals"]["attempts"] == 1
    assert store.unfinished_submissions() == 0
    assert store.finish_submission(sub.id, result("pass"), time_spent_s=None) is None
    assert store.submission(user.id, sub.id).status == "fail"  # recorded once


def test_unfinished_counts(store: Store) -> None:
    ada, bob = store.create_user("ada", None), store.create_user("bob", None)
    assert store.unfinished_counts(ada.id) == (0, 0)
    store.create_submission(ada.id, "s", "x", hidden=True)
    running = store.create_submission(bob.id, "s", "x", hidden=True)
    store.claim_submission(running.id, "worker-1", 15.0)
    done = store.create_submission(ada.id, "s", "x", hidden=True)
    store.finish_submission(done.id, result(), time_spent_s=None)
    assert store.unfinished_counts(ada.id) == (1, 2)
    assert store.unfinished_counts(bob.id) == (1, 2)


def test_submissions_are_private(store: Store) -> None:
    ada, bob = store.create_user("ada", None), store.create_user("bob", None)
    sub = store.create_submission(ada.id, "merge-intervals", "x", hidden=False)
    with pytest.raises(NotFound):
        store.submission(bob.id, sub.id)
    with pytest.raises(NotFound):
        store.submission(ada.id, sub.id + 1)
    with pytest.raises(NotFound):
        store.create_submission(ada.id + bob.id + 10, "s", "x", hidden=True)


def test_malformed_verdict_is_refused_and_nothing_changes(store: Store) -> None:
    user = store.create_user("ada", None)
    sub = store.create_submission(user.id, "s", "x", hidden=True)
    with pytest.raises(InvalidInput):
        store.finish_submission(sub.id, {"status": "weird"}, time_spent_s=None)
    with pytest.raises(InvalidInput):
        store.finish_submission(sub.id, {**result(), "status": "weird"}, time_spent_s=None)
    assert store.submission(user.id, sub.id).state == "pending"


def test_ended_without_a_verdict_is_no_attempt(store: Store) -> None:
    user = store.create_user("ada", None)
    a = store.create_submission(user.id, "s", "x", hidden=True)
    b = store.create_submission(user.id, "s", "x", hidden=True)
    cancelled = store.end_submission(a.id, "stopped", cancelled=True)
    assert cancelled is not None and cancelled.state == "cancelled"
    assert cancelled.error == "stopped" and cancelled.finished and cancelled.attempt_id is None
    failed = store.end_submission(b.id, "judge broke")
    assert failed is not None and failed.state == "error" and failed.error == "judge broke"
    assert store.end_submission(b.id, "again") is None  # finished rows stay as they are
    assert store.finish_submission(a.id, result(), time_spent_s=None) is None
    assert store.attempts(user.id) == [] and store.stats(user.id) == {}
    with pytest.raises(NotFound):
        store.attempt(user.id, a.id)


def test_attempts_can_be_passes_only(store: Store) -> None:
    user = store.create_user("ada", None)
    store.record_attempt(user.id, "s", "submit", "x", result(), time_spent_s=None)
    store.record_attempt(user.id, "s", "submit", "x", result("fail"), time_spent_s=None)
    assert [a.status for a in store.attempts(user.id, slug="s")] == ["fail", "pass"]
    assert [a.status for a in store.attempts(user.id, slug="s", passed=True)] == ["pass"]


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
