"""The Store: every read and write of users, exercise clocks and submissions."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import (
    URL,
    Connection,
    Engine,
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
from mldrills.store.base import known_id
from mldrills.store.clock import ClockMixin
from mldrills.store.design import DesignMixin
from mldrills.store.drill_attempts import DrillAttemptsMixin
from mldrills.store.hints import HintsMixin
from mldrills.store.invites import InvitesMixin
from mldrills.store.leases import LeasesMixin, QuotaMixin
from mldrills.store.mocks import MocksMixin
from mldrills.store.models import User, WebSession
from mldrills.store.prefs import PrefsMixin
from mldrills.store.reviews import ReviewsMixin
from mldrills.store.stories import StoriesMixin
from mldrills.store.submissions import SubmissionsMixin
from mldrills.store.web_sessions import WebSessionsMixin

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LOCAL_USERNAME = "local"
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


def _user_record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        username=user.username,
        is_admin=user.is_admin,
        is_active=user.is_active,
        created_at=user.created_at,
        password_hash=user.password_hash,
    )


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
    LeasesMixin,
    QuotaMixin,
):
    """Users, exercise clocks and submissions in SQLite or PostgreSQL.

    Submissions (and the attempts they become), drafts, invites, sign-in sessions and the
    rest come from the mixins.
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

    @contextmanager
    def _migration_lock(self) -> Iterator[None]:
        """Serialise migrations of one SQLite file across processes (`mldrills serve` and
        `mldrills worker` starting together); PostgreSQL takes an advisory lock instead."""
        database = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not database or database == ":memory:":
            yield
            return
        import fcntl

        with open(f"{database}.migrate-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision; a no-op when already there."""
        try:
            with self._migration_lock(), self.engine.begin() as connection:
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
