"""Fixtures for the web tests: a temp data dir, a small packs dir, a fake or real judge."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import (
    MERGE,
    TINY_CODE,
    TINY_META,
    TINY_README,
    TINY_TESTS,
    FakeJudge,
    config,
    csrf,
)

from mldrills.content import Catalog
from mldrills.store import Store
from mldrills.web.app import create_app


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: the real ones cost ~0.25 s per hash on CI machines."""
    from argon2 import PasswordHasher

    from mldrills.web import passwords

    fast = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(passwords, "_HASHER", fast)
    monkeypatch.setattr(passwords, "_DUMMY", fast.hash("dummy"))


@pytest.fixture
def packs_dir(tmp_path: Path) -> Path:
    """merge-intervals (coding, easy, no torch) and a tiny 'dot-product' (topic 4, torch)."""
    root = tmp_path / "packs"
    shutil.copytree(MERGE, root / "coding" / "merge-intervals")
    tiny = root / "linear" / "dot-product"
    tiny.mkdir(parents=True)
    files = {
        "meta.toml": TINY_META,
        "README.md": TINY_README,
        "starter.py": "def dot(a, b):\n    raise NotImplementedError\n",
        "solution.py": TINY_CODE,
        "tests.py": TINY_TESTS,
        "hidden.py": TINY_TESTS,
    }
    for name, text in files.items():
        (tiny / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def env(tmp_path: Path, packs_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every setting at temp folders; returns the data dir."""
    data = tmp_path / "data"
    monkeypatch.setenv("MLDRILLS_DATA_DIR", str(data))
    monkeypatch.setenv("MLDRILLS_PACKS_DIR", str(packs_dir))
    monkeypatch.delenv("MLDRILLS_DATABASE_URL", raising=False)
    monkeypatch.delenv("MLDRILLS_SECRET_KEY", raising=False)
    return data


@pytest.fixture
def store(env: Path) -> Iterator[Store]:
    with Store() as opened:
        opened.migrate()
        yield opened


@pytest.fixture
def catalog(packs_dir: Path) -> Catalog:
    return Catalog(packs_dir)


@pytest.fixture
def judge(catalog: Catalog) -> Iterator[FakeJudge]:
    # closed afterwards: the console runs on a real fork server of this judge
    with FakeJudge(catalog) as fake:
        yield fake


@pytest.fixture
def make_app(store: Store, catalog: Catalog, judge: FakeJudge) -> Callable[..., Any]:
    def make(multi_user: bool = False) -> Any:
        return create_app(store=store, catalog=catalog, judge=judge, config=config(multi_user))

    return make


@pytest.fixture
def client(make_app: Callable[..., Any]) -> Iterator[TestClient]:
    """A single-user (local mode) client holding a CSRF token."""
    with TestClient(make_app(), raise_server_exceptions=False) as c:
        csrf(c)
        yield c


@pytest.fixture
def server_app(make_app: Callable[..., Any]) -> Any:
    return make_app(multi_user=True)
