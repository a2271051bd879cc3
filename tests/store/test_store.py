"""The store on SQLite and PostgreSQL: migrations, users, the clock, attempts, stats."""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from mldrills.errors import InvalidInput, NotFound, StoreError
from mldrills.store import AttemptRecord, Store
from mldrills.store.db import alembic_config
from mldrills.store.models import Base, ExerciseClock, ExerciseStart


def judged(
    status: str = "pass", checks: tuple[str, ...] = ("pass", "pass"), ms: float = 12.5
) -> dict[str, Any]:
    """A judge result in the shape record_attempt reads."""
    return {
        "status": status,
        "checks": [{"name": f"check_{i}", "status": s} for i, s in enumerate(checks)],
        "timings": {"total_ms": ms},
    }


def is_utc(value: datetime | None) -> bool:
    return value is not None and value.tzinfo is not None and value.utcoffset() == timedelta(0)


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


# Migrations


def test_migrate_is_idempotent_and_keeps_data(db_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with Store(db_url) as store:
        assert current_revision(store) is None
        store.migrate()
        user = store.create_user("ada", "hash")
        store.migrate()
    with Store(db_url) as again:
        again.migrate()
        assert current_revision(again) == head
        assert again.get_user(user.id) == user


def test_autogenerate_finds_no_difference(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_back(store: Store) -> None:
    with store.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(store.engine).get_table_names()) == {"alembic_version"}
    store.migrate()
    assert {"users", "exercise_starts", "submissions"} <= set(
        inspect(store.engine).get_table_names()
    )


# Users


def test_duplicate_username_is_invalid_input(store: Store) -> None:
    store.create_user("ada", "hash")
    with pytest.raises(InvalidInput, match="already taken"):
        store.create_user("ada", "other", is_admin=True)
    with pytest.raises(InvalidInput):
        store.create_user("x" * 65, "hash")
    assert [u.username for u in store.list_users()] == ["ada"]


def test_user_lifecycle(store: Store) -> None:
    admin = store.create_user("root", "h1", is_admin=True)
    bob = store.create_user("bob", "h2")
    assert (admin.is_admin, admin.is_active, bob.is_admin) == (True, True, False)
    assert store.get_user_by_name("bob") == bob
    assert store.get_user(9999) is None and store.get_user_by_name("nobody") is None
    assert store.set_user_active(bob.id, False).is_active is False
    assert store.get_user(bob.id) == bob.__class__(**{**bob.__dict__, "is_active": False})
    with pytest.raises(NotFound):
        store.set_user_active(9999, True)
    assert [u.id for u in store.list_users()] == [admin.id, bob.id]
    assert "h2" not in repr(bob)


def test_local_user_is_created_once(store: Store) -> None:
    first = store.local_user()
    assert first.username == "local" and first.password_hash is None and first.is_active
    assert store.local_user() == first
    assert len(store.list_users()) == 1


# The clock and attempts


def test_clock_start_is_kept_and_attempts_are_checked(store: Store) -> None:
    uid = store.local_user().id
    assert store.clock(uid, "softmax") is None
    first = store.clock_event(uid, "softmax", "start")
    second = store.clock_event(uid, "softmax", "start")  # a second start resets nothing
    assert first is not None and second is not None and second.started_at == first.started_at
    assert store.clock(uid, "attention") is None


def test_record_and_list_newest_first(store: Store) -> None:
    uid = store.local_user().id
    made = [
        store.record_attempt(uid, slug, "submit", f"code {i}", judged(), time_spent_s=None)
        for i, slug in enumerate(["softmax", "attention", "softmax"])
    ]
    assert [a.id for a in store.attempts(uid)] == [a.id for a in reversed(made)]
    assert [a.id for a in store.attempts(uid, slug="softmax")] == [made[2].id, made[0].id]
    assert [a.id for a in store.attempts(uid, limit=1)] == [made[2].id]
    assert store.attempt(uid, made[1].id) == made[1]


def test_summary_is_read_from_the_result(store: Store) -> None:
    uid = store.local_user().id
    result = judged("fail", ("pass", "fail", "error"), ms=41.0)
    result["detail"] = {"loss": float("nan"), "scale": [float("inf"), 1.5]}
    got = store.record_attempt(uid, "softmax", "test", "def f(): ...", result, time_spent_s=3.5)
    assert (got.status, got.passed_checks, got.total_checks) == ("fail", 1, 3)
    assert (got.judge_ms, got.time_spent_s, got.kind) == (41.0, 3.5, "test")
    assert got.result["detail"] == {"loss": "nan", "scale": ["inf", 1.5]}
    assert math.isnan(result["detail"]["loss"])  # the caller's dict is not changed
    stored = store.attempt(uid, got.id)
    assert stored == got and isinstance(stored, AttemptRecord)


def test_bad_attempts_are_rejected(store: Store) -> None:
    uid = store.local_user().id
    with pytest.raises(InvalidInput):
        store.record_attempt(uid, "softmax", "run", "", judged(), time_spent_s=None)
    with pytest.raises(InvalidInput):
        store.record_attempt(uid, "softmax", "test", "", {"status": "pass"}, time_spent_s=None)
    with pytest.raises(InvalidInput):
        store.record_attempt(uid, "softmax", "test", "", judged("timeout"), time_spent_s=None)
    with pytest.raises(InvalidInput):
        store.record_attempt(uid, "s" * 129, "test", "", judged(), time_spent_s=None)
    with pytest.raises(NotFound):  # foreign keys are enforced on both backends
        store.record_attempt(uid + 1000, "softmax", "test", "", judged(), time_spent_s=None)
    with pytest.raises(NotFound):
        store.clock_event(uid + 1000, "softmax", "start")
    assert store.attempts(uid) == []


def test_users_cannot_read_each_others_attempts(store: Store) -> None:
    alice = store.create_user("alice", "h")
    bob = store.create_user("bob", "h")
    secret = store.record_attempt(alice.id, "softmax", "submit", "mine", judged(), time_spent_s=1)
    with pytest.raises(NotFound) as foreign:
        store.attempt(bob.id, secret.id)
    with pytest.raises(NotFound) as missing:
        store.attempt(bob.id, secret.id + 1000)
    assert str(foreign.value).replace(str(secret.id), "N") == str(missing.value).replace(
        str(secret.id + 1000), "N"
    )
    assert store.attempts(bob.id) == [] and store.stats(bob.id) == {}
    assert store.attempt(alice.id, secret.id) == secret


def test_datetimes_come_back_aware_utc(store: Store) -> None:
    user = store.local_user()
    clock = store.clock_event(user.id, "softmax", "start")
    assert clock is not None
    started = clock.started_at
    attempt = store.record_attempt(user.id, "softmax", "submit", "", judged(), time_spent_s=2)
    stats = store.stats(user.id)["softmax"]
    stored = store.clock(user.id, "softmax")
    assert stored is not None
    values = [user.created_at, started, stored.started_at, stored.running_since]
    values += [attempt.created_at]
    values += [store.attempts(user.id)[0].created_at, stats["first_pass_at"]]
    assert all(is_utc(v) for v in values), values
    assert timedelta(0) <= attempt.created_at - started < timedelta(minutes=1)


def test_other_zones_are_stored_as_the_same_instant(store: Store) -> None:
    uid = store.local_user().id
    plus_two = datetime(2024, 5, 1, 14, 30, 15, 123456, tzinfo=timezone(timedelta(hours=2)))
    with Session(store.engine) as session, session.begin():
        session.add(ExerciseClock(user_id=uid, slug="softmax", started_at=plus_two, banked_s=0))
    clock = store.clock(uid, "softmax")
    back = clock.started_at if clock else None
    assert back == plus_two and is_utc(back) and back is not None and back.hour == 12
    with Session(store.engine) as session, pytest.raises(StatementError, match="naive"):
        session.add(ExerciseStart(user_id=uid, slug="x", started_at=datetime(2024, 1, 1)))
        session.flush()


def test_stats_per_slug(store: Store) -> None:
    uid = store.local_user().id
    other = store.create_user("other", "h").id
    store.record_attempt(uid, "softmax", "test", "", judged(), time_spent_s=5)
    store.record_attempt(uid, "softmax", "submit", "", judged("fail", ("fail",)), time_spent_s=50)
    first = store.record_attempt(uid, "softmax", "submit", "", judged(), time_spent_s=90)
    last = store.record_attempt(uid, "softmax", "submit", "", judged(), time_spent_s=40)
    store.record_attempt(uid, "attention", "test", "", judged("error", ()), time_spent_s=None)
    store.record_attempt(other, "softmax", "submit", "", judged(), time_spent_s=1)
    stats = store.stats(uid)
    assert stats["softmax"] == {
        "attempts": 3,
        "passes": 2,
        "test_runs": 1,
        "first_pass_at": first.created_at,
        "best_time_spent_s": 40,
        "last_attempt_at": last.created_at,
    }
    assert stats["attention"]["attempts"] == 0 and stats["attention"]["test_runs"] == 1
    assert stats["attention"]["first_pass_at"] is None
    assert stats["attention"]["best_time_spent_s"] is None


def test_concurrent_writers_from_threads(store: Store) -> None:
    uid = store.local_user().id
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(5):
                store.record_attempt(uid, f"ex{n}", "test", str(i), judged(), time_spent_s=None)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.attempts(uid, limit=100)) == 40


# Opening and configuration


def test_connection_settings(store: Store, backend: str) -> None:
    with store.engine.connect() as conn:
        if backend == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        else:
            assert conn.dialect.driver == "psycopg"


def test_url_from_settings(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLDRILLS_DATABASE_URL", db_url)
    with Store() as store:
        store.migrate()
        assert store.local_user().username == "local"
    with Store(db_url) as direct:
        assert direct.local_user().username == "local"


BAD_URLS = {
    "sqlite": [
        "sqlite:///{file}/below-a-file/x.db",
        "nosuchdialect://u:s3cret@host/db",
        "not a url",
    ],
    "postgres": [
        "postgresql+psycopg://mldrills:s3cret@127.0.0.1:1/nothing",
        "postgresql+nosuchdriver://mldrills:s3cret@127.0.0.1/nothing",
        "postgresql+psycopg://mldrills:s3cret@127.0.0.1:notaport/db",
    ],
}


def test_bad_url_gives_store_error(backend: str, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for template in BAD_URLS[backend]:
        with pytest.raises(StoreError) as caught:
            Store(template.format(file=blocker))
        message = str(caught.value)
        assert "\n" not in message and "s3cret" not in message, message
        assert "cannot open" in message or "not a database URL" in message, message


def test_default_database_lives_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite only by nature: the default URL when MLDRILLS_DATABASE_URL is unset."""
    monkeypatch.delenv("MLDRILLS_DATABASE_URL", raising=False)
    monkeypatch.setenv("MLDRILLS_DATA_DIR", str(tmp_path / "new" / "data"))
    with Store() as store:
        store.migrate()
        store.local_user()
    assert (tmp_path / "new" / "data" / "mldrills.db").is_file()
