"""Store backends for the tests: SQLite in tmp_path and PostgreSQL from the environment.

PostgreSQL cases use ``MLDRILLS_TEST_POSTGRES_URL`` (``scripts/start-postgres`` prints one).
Each test session creates its own database there and drops it at the end; each test starts
from an empty schema. Without the variable the cases skip locally but fail when ``CI`` is set.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import URL, create_engine, make_url

from mldrills.store import Store

PG_ENV = "MLDRILLS_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def in_ci() -> bool:
    """True when running under CI, where a skipped PostgreSQL case would hide failures."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _server_url() -> URL:
    raw = os.environ.get(PG_ENV, "")
    if not raw:
        if in_ci():
            pytest.fail(
                f"{PG_ENV} is unset but CI is set: PostgreSQL tests must run in CI "
                "(start a server with scripts/start-postgres)",
                pytrace=False,
            )
        pytest.skip(f"{PG_ENV} is unset; run scripts/start-postgres to test PostgreSQL")
    url = make_url(raw)
    return url.set(drivername="postgresql+psycopg") if url.drivername == "postgresql" else url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a database created for this test session (and worker), dropped afterwards."""
    server = _server_url()
    name = f"mldrills_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _empty_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Name of the backend under test: "sqlite" or "postgres"."""
    return str(request.param)


@pytest.fixture
def db_url(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """URL of an empty database on the backend under test."""
    if backend == "sqlite":
        # A missing parent directory: Store must create it.
        return f"sqlite:///{tmp_path_factory.mktemp('store') / 'data' / 'mldrills.db'}"
    url = str(request.getfixturevalue("postgres_url"))
    _empty_schema(url)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A migrated, empty store on the backend under test."""
    with Store(db_url) as opened:
        opened.migrate()
        yield opened
