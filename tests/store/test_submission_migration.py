"""Migration 0012 merges attempts and web submissions into one row each, keeping the data.

Run on SQLite and PostgreSQL: the store is taken back to 0011, filled through the old
tables, and migrated again; then down and up once more.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import command

from mldrills.store import Store
from mldrills.store.db import alembic_config

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
CANCEL_MESSAGE = "cancelled: you stopped this submission before it finished"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def naive(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(tzinfo=None)


def verdict(status: str, passed: int, total: int, ms: float, **extra: Any) -> dict[str, Any]:
    checks = [{"name": f"c{i}", "status": "pass" if i < passed else "fail"} for i in range(total)]
    return {"slug": "s", "status": status, "checks": checks, "timings": {"total_ms": ms}, **extra}


ATTEMPTS = sa.table(
    "attempts",
    *(sa.column(n) for n in ("id", "user_id", "slug", "kind", "code", "status")),
    sa.column("result", sa.JSON()),
    *(sa.column(n) for n in ("passed_checks", "total_checks", "judge_ms", "time_spent_s")),
    sa.column("created_at", sa.DateTime()),
)
OLD_SUBMISSIONS = sa.table(
    "submissions",
    *(sa.column(n) for n in ("id", "user_id", "slug", "hidden", "code", "status")),
    sa.column("result", sa.JSON()),
    sa.column("attempt_id"),
    sa.column("created_at", sa.DateTime()),
    sa.column("finished_at", sa.DateTime()),
)


def attempt_row(
    id_: int,
    user: int,
    kind: str,
    status: str,
    result: dict[str, Any],
    when: float,
    spent: float | None,
) -> dict[str, Any]:
    passed = sum(c["status"] == "pass" for c in result["checks"])
    return {
        "id": id_,
        "user_id": user,
        "slug": "softmax",
        "kind": kind,
        "code": f"code {id_}",
        "status": status,
        "result": result,
        "passed_checks": passed,
        "total_checks": len(result["checks"]),
        "judge_ms": result["timings"]["total_ms"],
        "time_spent_s": spent,
        "created_at": naive(at(when)),
    }


def submission_row(
    id_: int,
    user: int,
    status: str,
    result: dict[str, Any] | None,
    attempt: int | None,
    when: float,
) -> dict[str, Any]:
    finished = None if status in ("pending", "running") else naive(at(when + 3))
    return {
        "id": id_,
        "user_id": user,
        "slug": "softmax",
        "hidden": True,
        "code": f"web {id_}",
        "status": status,
        "result": result,
        "attempt_id": attempt,
        "created_at": naive(at(when)),
        "finished_at": finished,
    }


def fill_old_tables(store: Store) -> tuple[int, int]:
    """Two users' attempts and web submissions as revision 0011 stored them."""
    ada = store.create_user("ada", None).id
    bob = store.create_user("bob", None).id
    timed = verdict("pass", 2, 2, 30.0, speed={"ratio": 1.5}, version=2)
    attempts = [
        attempt_row(1, ada, "test", "fail", verdict("fail", 1, 2, 10.0), 0, 20.0),
        attempt_row(2, ada, "submit", "pass", timed, 100, 95.0),  # came from web submission 7
        attempt_row(5, bob, "submit", "fail", verdict("fail", 0, 2, 8.0), 50, None),
    ]
    cancelled = verdict("error", 0, 0, 0.0, message=CANCEL_MESSAGE)
    failed = verdict("error", 0, 0, 0.0, message="the judge failed unexpectedly")
    submissions = [
        submission_row(7, ada, "pass", timed, 2, 97),
        submission_row(8, ada, "pending", None, None, 200),
        submission_row(9, bob, "running", None, None, 210),
        submission_row(10, ada, "error", cancelled, None, 220),
        submission_row(11, bob, "error", failed, None, 230),
    ]
    with store.engine.begin() as conn:
        conn.execute(sa.insert(ATTEMPTS), attempts)
        conn.execute(sa.insert(OLD_SUBMISSIONS), submissions)
    return ada, bob


def to_revision(store: Store, revision: str) -> None:
    with store.engine.begin() as conn:
        if revision == "head":
            command.upgrade(alembic_config(conn), revision)
        else:
            command.downgrade(alembic_config(conn), revision)


def test_attempts_and_submissions_become_one_row_each(store: Store) -> None:
    to_revision(store, "0011")
    ada, bob = fill_old_tables(store)
    store.migrate()

    history = store.attempts(ada)
    assert [(a.id, a.kind, a.status) for a in history] == [
        (2, "submit", "pass"),
        (1, "test", "fail"),
    ]
    solved = store.attempt(ada, 2)
    assert solved.code == "code 2" and solved.time_spent_s == 95.0 and solved.judge_ms == 30.0
    assert (solved.passed_checks, solved.total_checks) == (2, 2)
    assert solved.verdict is not None and solved.verdict["speed"] == {"ratio": 1.5}
    assert solved.created_at == at(100) and solved.finished_at == at(100)
    assert store.submission(ada, 2).state == "done"
    stats = store.stats(ada)["softmax"]
    assert (stats["attempts"], stats["passes"], stats["test_runs"]) == (1, 1, 1)
    assert stats["first_pass_at"] == at(100) and stats["best_time_spent_s"] == 95.0
    assert [a.id for a in store.attempts(bob)] == [5]

    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT id, state, error FROM submissions ORDER BY id")).all()
    # 3 attempts + the 4 submissions that produced none: web submission 7 produced
    # attempt 2 and is that row, not a second one.
    assert len(rows) == 7
    assert [r.id for r in rows[:3]] == [1, 2, 5]
    others = rows[3:]
    assert all(r.id > 5 for r in others)
    assert [r.state for r in others] == ["pending", "running", "cancelled", "error"]
    assert others[2].error == CANCEL_MESSAGE
    assert others[3].error == "the judge failed unexpectedly"
    pending = store.submission(ada, others[0].id)
    assert pending.code == "web 8" and pending.created_at == at(200) and not pending.finished
    assert store.unfinished_counts(ada) == (1, 2)

    # New rows come after the migrated ones (PostgreSQL's id sequence was moved on).
    fresh = store.create_submission(ada, "softmax", "new", hidden=True)
    assert fresh.id > max(r.id for r in rows)


def test_downgrade_splits_the_rows_again(store: Store) -> None:
    to_revision(store, "0011")
    fill_old_tables(store)
    store.migrate()
    to_revision(store, "0011")
    with store.engine.connect() as conn:
        attempts = conn.execute(sa.text("SELECT id, kind, status FROM attempts ORDER BY id")).all()
        waiting = conn.execute(
            sa.text("SELECT id, status, attempt_id FROM submissions ORDER BY id")
        ).all()
        cancelled = conn.execute(
            sa.select(OLD_SUBMISSIONS.c.result).where(OLD_SUBMISSIONS.c.code == "web 10")
        ).scalar_one()
    assert [tuple(a) for a in attempts] == [
        (1, "test", "fail"),
        (2, "submit", "pass"),
        (5, "submit", "fail"),
    ]
    assert [w.status for w in waiting] == ["pending", "running", "error", "error"]
    assert all(w.attempt_id is None for w in waiting)
    assert cancelled["message"] == CANCEL_MESSAGE
    # And up again: still one row each, nothing doubled.
    store.migrate()
    with store.engine.connect() as conn:
        count = conn.execute(sa.text("SELECT COUNT(*) FROM submissions")).scalar_one()
        new = conn.execute(sa.text("SELECT COUNT(*) FROM submissions WHERE id > 5")).scalar_one()
    assert count == 7 and new == 4


def test_many_rows_move_in_chunks_and_none_is_lost(store: Store) -> None:
    """More rows than the migration moves at a time (500), both ways."""
    to_revision(store, "0011")
    ada, _bob = fill_old_tables(store)
    many = [submission_row(100 + i, ada, "pending", None, None, 300 + i) for i in range(620)]
    with store.engine.begin() as conn:
        conn.execute(sa.insert(OLD_SUBMISSIONS), many)
    store.migrate()
    assert store.unfinished_counts(ada) == (621, 622)
    to_revision(store, "0011")
    with store.engine.connect() as conn:
        waiting = conn.execute(sa.text("SELECT COUNT(*) FROM submissions")).scalar_one()
        codes = {r[0] for r in conn.execute(sa.text("SELECT code FROM submissions"))}
    assert waiting == 624 and {f"web {100 + i}" for i in range(620)} <= codes
