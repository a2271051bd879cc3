"""Fixtures for the queue tests: a store and a queue per backend, a fake or real judge.

``backend`` runs a test twice: SQLite store with the SQLite queue (one machine), and
PostgreSQL with Redis (several machines; ``MLDRILLS_TEST_POSTGRES_URL`` and
``MLDRILLS_TEST_REDIS_URL``, see scripts/start-postgres and scripts/start-redis). Without
them those cases skip locally and fail under CI.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from jobs_support import ECHO_PACKS, FakeJudge, in_ci
from sqlalchemy import create_engine, make_url

from mldrills.content import Catalog
from mldrills.jobs import JobQueue
from mldrills.store import Store

BACKENDS = ["sqlite", pytest.param("postgres+redis", marks=pytest.mark.postgres)]


def service_url(env: str) -> str:
    """The URL in ``env``; skip (locally) or fail (CI) when it is unset."""
    url = os.environ.get(env, "")
    if not url:
        if in_ci():
            pytest.fail(f"{env} is unset but CI is set: these tests must run in CI", pytrace=False)
        pytest.skip(f"{env} is unset; see scripts/start-postgres and scripts/start-redis")
    return url


@pytest.fixture
def postgres_db() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    server = make_url(service_url("MLDRILLS_TEST_POSTGRES_URL"))
    name = f"mldrills_j_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A Redis database of the test server, emptied before and after the test.

    Each pytest-xdist worker (``PYTEST_XDIST_WORKER``: gw0, gw1, ...) takes a database
    number of its own, so one worker's flush never empties a queue another one uses.
    """
    import redis

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw") or 0)
    assert number < 16, "Redis has 16 databases by default: run at most 16 test workers"
    url = urlunsplit(urlsplit(service_url("MLDRILLS_TEST_REDIS_URL"))._replace(path=f"/{number}"))
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


@pytest.fixture(params=BACKENDS)
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Settings of one backend pair, set in the environment (subprocesses inherit them)."""
    monkeypatch.setenv("MLDRILLS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MLDRILLS_PACKS_DIR", str(ECHO_PACKS))
    monkeypatch.setenv("MLDRILLS_JOB_LEASE_SECONDS", "2")
    monkeypatch.delenv("MLDRILLS_QUEUE_URL", raising=False)
    monkeypatch.delenv("MLDRILLS_DATABASE_URL", raising=False)
    urls = {"database": f"sqlite:///{tmp_path / 'data' / 'mldrills.db'}", "queue": ""}
    if request.param == "postgres+redis":
        urls = {
            "database": request.getfixturevalue("postgres_db"),
            "queue": request.getfixturevalue("redis_url"),
        }
        monkeypatch.setenv("MLDRILLS_DATABASE_URL", urls["database"])
        monkeypatch.setenv("MLDRILLS_QUEUE_URL", urls["queue"])
    return urls


@pytest.fixture
def store(backend: dict[str, str]) -> Iterator[Store]:
    with Store() as opened:
        opened.migrate()
        yield opened


@pytest.fixture
def queue(backend: dict[str, str]) -> Iterator[JobQueue]:
    opened = JobQueue()
    yield opened
    opened.close()


@pytest.fixture
def catalog() -> Catalog:
    return Catalog(ECHO_PACKS)


@pytest.fixture
def fake_judge(catalog: Catalog) -> FakeJudge:
    return FakeJudge(catalog)
