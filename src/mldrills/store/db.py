"""The Store: every read and write of users, exercise clocks and attempts."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypedDict

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import (
    URL,
    Connection,
    Engine,
    case,
    create_engine,
    delete,
    event,
    func,
    make_url,
    select,
)
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mldrills import settings
from mldrills.errors import InvalidInput, NotFound, StoreError
from mldrills.store.base import flush_for_user, known_id
from mldrills.store.clock import ClockMixin
from mldrills.store.design import DesignMixin
from mldrills.store.drill_attempts import DrillAttemptsMixin
from mldrills.store.hints import HintsMixin
from mldrills.store.invites import InvitesMixin
from mldrills.store.mocks import MocksMixin
from mldrills.store.models import Attempt, User, WebSession
from mldrills.store.prefs import PrefsMixin
from mldrills.store.reviews import ReviewsMixin
from mldrills.store.stories import StoriesMixin
from mldrills.store.submissions import SubmissionsMixin
from mldrills.store.web_sessions import WebSessionsMixin

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LOCAL_USERNAME = "local"
KINDS = ("test", "submit")
STATUSES = ("pass", "fail", "error")
_MIGRATION_LOCK = 0x6D6C6472  # any constant; serialises concurrent migrate() on PostgreSQL


@dataclass(frozen=True)
class UserRecord:
    """A user as read from the store, detached from any session."""

    id: int
    username: str
    is_admin: bool
    is_active: bool
    created_at: datetime
    password_hash: str | None = field(repr=False)


@dataclass(frozen=True)
class AttemptRecord:
    """One stored test run or submission, detached from any session."""

    id: int
    user_id: int
    slug: str
    kind: str
    status: str
    passed_checks: int
    total_checks: int
    judge_ms: float
    time_spent_s: float | None
    created_at: datetime
    code: str = field(repr=False)
    result: dict[str, Any] = field(repr=False)

    def summary(self) -> dict[str, Any]:
        """The attempt without its code or full result (for lists, in the CLI and web)."""
        return {
            "id": self.id,
            "slug": self.slug,
            "kind": self.kind,
            "status": self.status,
            "passed": self.passed_checks,
            "total": self.total_checks,
            "time_spent_s": self.time_spent_s,
            "judge_ms": self.judge_ms,
            "created_at": self.created_at,
        }


class SlugStats(TypedDict):
    """Progress on one exercise; pass counts and times consider submissions only."""

    attempts: int
    passes: int
    test_runs: int
    first_pass_at: datetime | None
    best_time_spent_s: float | None
    last_attempt_at: datetime


def redact(url: str) -> str:
    """The URL with any password replaced by ***, safe to show and log."""
    return re.sub(r"(://[^/@:]*:)[^/]*@", r"\1***@", url)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the bundled migrations, optionally bound to a connection."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _reason(exc: BaseException) -> str:
    """First line of the driver's message for a database exception."""
    inner = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(inner).strip().splitlines()
    return lines[0].strip() if lines else type(inner).__name__


def _json_safe(value: Any) -> Any:
    """A copy of ``value`` with NaN/inf floats as strings, valid JSON on every backend."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    return value


def _summarise(result: dict[str, Any]) -> tuple[str, int, int, float]:
    """Status, passed checks, total checks and judge time read from a judge result."""
    try:
        status = str(result["status"])
        checks = result["checks"]
        passed = sum(1 for check in checks if check["status"] == "pass")
        judge_ms = float(result["timings"]["total_ms"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(f"malformed judge result: {exc!r}") from None
    if status not in STATUSES:
        raise InvalidInput(f"judge status {status!r}: expected one of {', '.join(STATUSES)}")
    return status, passed, len(checks), judge_ms


def _user_record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        username=user.username,
        is_admin=user.is_admin,
        is_active=user.is_active,
        created_at=user.created_at,
        password_hash=user.password_hash,
    )


def _attempt_record(row: Attempt) -> AttemptRecord:
    return AttemptRecord(
        id=row.id,
        user_id=row.user_id,
        slug=row.slug,
        kind=row.kind,
        status=row.status,
        passed_checks=row.passed_checks,
        total_checks=row.total_checks,
        judge_ms=row.judge_ms,
        time_spent_s=row.time_spent_s,
        created_at=row.created_at,
        code=row.code,
        result=row.result,
    )


def _check_slug(slug: str) -> None:
    if not slug or len(slug) > 128:
        raise InvalidInput(f"exercise slug must be 1 to 128 characters: {slug[:40]!r}")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys and write-ahead logging for each new SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _parse_url(raw: str) -> URL:
    """Parse and normalise a database URL; plain postgresql:// means psycopg 3."""
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        raise StoreError(f"not a database URL: {redact(raw)}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def _private_sqlite_file(path: Path) -> None:
    """Create the database file readable by its owner only (code, drafts, password hashes).

    SQLite gives its -wal and -shm files the database file's mode, so they follow. A file
    that exists with wider modes is narrowed when it is ours; another user's is left alone
    (opening it then fails or works by that user's choice).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        info = path.stat()
        if info.st_uid == os.getuid() and info.st_mode & 0o077:
            path.chmod(0o600)


def _make_engine(url: URL) -> Engine:
    """Create the engine with per-backend connection options."""
    connect_args: dict[str, Any] = {}
    if url.get_backend_name() == "sqlite":
        connect_args["check_same_thread"] = False
        if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
            _private_sqlite_file(Path(url.database).expanduser())
    elif url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = 10
    engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class Store(
    ClockMixin,
    MocksMixin,
    SubmissionsMixin,
    InvitesMixin,
    WebSessionsMixin,
    ReviewsMixin,
    DrillAttemptsMixin,
    HintsMixin,
    DesignMixin,
    StoriesMixin,
    PrefsMixin,
):
    """Users, exercise clocks and attempts in SQLite or PostgreSQL.

    The web's submissions, drafts, invites and sign-in sessions come from the mixins.
    """

    def __init__(self, url: str | None = None) -> None:
        raw = url if url is not None else settings.get("database_url")
        self.url = redact(raw)
        parsed = _parse_url(raw)
        try:
            self.engine = _make_engine(parsed)
            with self.engine.connect():
                pass
        except (SQLAlchemyError, ImportError, OSError) as exc:
            raise StoreError(f"cannot open database {self.url}: {_reason(exc)}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A short transaction; commits on success, database errors become StoreError."""
        try:
            with self._sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise StoreError(f"database error on {self.url}: {_reason(exc)}") from exc

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision; a no-op when already there."""
        try:
            with self.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
                command.upgrade(alembic_config(connection), "head")
        except CommandError as exc:
            raise StoreError(
                f"cannot migrate {self.url}: {exc}",
                hint="was the database created by a newer mldrills?",
            ) from exc
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate {self.url}: {_reason(exc)}") from exc

    # Users

    def local_user(self) -> UserRecord:
        """The implicit single-user account "local", created on first use."""
        for _ in range(2):
            if (user := self.get_user_by_name(LOCAL_USERNAME)) is not None:
                return user
            with suppress(InvalidInput):  # another process created it meanwhile
                return self.create_user(LOCAL_USERNAME, None)
        raise StoreError(f"cannot create the local user in {self.url}")

    def create_user(
        self, username: str, password_hash: str | None, *, is_admin: bool = False
    ) -> UserRecord:
        """Add a user; a taken or malformed username raises InvalidInput."""
        if not username or len(username) > 64:
            raise InvalidInput("username must be 1 to 64 characters")
        with self._session() as session:
            user = User(username=username, password_hash=password_hash, is_admin=is_admin)
            session.add(user)
            try:
                session.flush()
            except IntegrityError:
                raise InvalidInput(f"username {username!r} is already taken") from None
            return _user_record(user)

    def get_user(self, user_id: int) -> UserRecord | None:
        """The user with this id, or None."""
        if not known_id(user_id):
            return None
        with self._session() as session:
            user = session.get(User, user_id)
            return _user_record(user) if user is not None else None

    def get_user_by_name(self, username: str) -> UserRecord | None:
        """The user with this username (compared without case), or None."""
        query = select(User).where(func.lower(User.username) == username.lower())
        with self._session() as session:
            user = session.scalars(query.order_by(User.id)).first()
            return _user_record(user) if user is not None else None

    def list_users(self) -> list[UserRecord]:
        """Every user, oldest account first."""
        with self._session() as session:
            return [_user_record(u) for u in session.scalars(select(User).order_by(User.id))]

    def set_user_active(self, user_id: int, active: bool) -> UserRecord:
        """Enable or disable an account; NotFound when the id does not exist."""
        with self._session() as session:
            user = session.get(User, user_id) if known_id(user_id) else None
            if user is None:
                raise NotFound(f"no user with id {user_id}")
            user.is_active = active
            if not active:
                session.execute(delete(WebSession).where(WebSession.user_id == user_id))
            return _user_record(user)

    # Attempts

    def record_attempt(
        self,
        user_id: int,
        slug: str,
        kind: str,
        code: str,
        result: dict[str, Any],
        *,
        time_spent_s: float | None,
    ) -> AttemptRecord:
        """Store a graded run; status, check counts and judge time come from ``result``."""
        _check_slug(slug)
        if kind not in KINDS:
            raise InvalidInput(f"attempt kind {kind!r}: expected one of {', '.join(KINDS)}")
        status, passed, total, judge_ms = _summarise(result)
        stored = _json_safe(result)
        try:
            json.dumps(stored, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"judge result is not JSON: {exc}") from None
        row = Attempt(
            user_id=user_id,
            slug=slug,
            kind=kind,
            code=code,
            status=status,
            result=stored,
            passed_checks=passed,
            total_checks=total,
            judge_ms=judge_ms,
            time_spent_s=time_spent_s,
        )
        with self._session() as session:
            session.add(row)
            flush_for_user(session, user_id)
            return _attempt_record(row)

    def attempts(
        self, user_id: int, *, slug: str | None = None, limit: int = 50
    ) -> list[AttemptRecord]:
        """The user's attempts, newest first, optionally for one exercise only."""
        query = select(Attempt).where(Attempt.user_id == user_id)
        if slug is not None:
            query = query.where(Attempt.slug == slug)
        query = query.order_by(Attempt.created_at.desc(), Attempt.id.desc()).limit(max(limit, 0))
        with self._session() as session:
            return [_attempt_record(row) for row in session.scalars(query)]

    def attempt(self, user_id: int, attempt_id: int) -> AttemptRecord:
        """One of the user's attempts; NotFound if missing or owned by someone else."""
        query = select(Attempt).where(Attempt.id == attempt_id, Attempt.user_id == user_id)
        with self._session() as session:
            row = session.scalar(query) if known_id(attempt_id) else None
            if row is None:
                raise NotFound(f"no attempt with id {attempt_id}")
            return _attempt_record(row)

    def stats(self, user_id: int) -> dict[str, SlugStats]:
        """Per-exercise progress of the user, keyed by slug (see SlugStats)."""
        submit = Attempt.kind == "submit"
        passed = submit & (Attempt.status == "pass")
        query = (
            select(
                Attempt.slug,
                func.count().filter(submit),
                func.count().filter(passed),
                func.count().filter(Attempt.kind == "test"),
                func.min(case((passed, Attempt.created_at))),
                func.min(case((passed, Attempt.time_spent_s))),
                func.max(Attempt.created_at),
            )
            .where(Attempt.user_id == user_id)
            .group_by(Attempt.slug)
        )
        with self._session() as session:
            rows = session.execute(query).all()
        return {
            slug: SlugStats(
                attempts=n,
                passes=p,
                test_runs=t,
                first_pass_at=first,
                best_time_spent_s=best,
                last_attempt_at=last,
            )
            for slug, n, p, t, first, best, last in rows
        }
