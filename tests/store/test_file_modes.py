"""The SQLite file holds code, drafts and password hashes: only its owner may read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mldrills.store import Store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_database_file_is_private(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "mldrills.db"
    old = os.umask(0o022)  # a typical umask would make it world-readable
    try:
        with Store(f"sqlite:///{db}") as store:
            store.migrate()
            store.local_user()
    finally:
        os.umask(old)
    assert _mode(db) == 0o600
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        if extra.exists():
            assert _mode(extra) & 0o077 == 0, extra


def test_existing_world_readable_file_is_narrowed(tmp_path: Path) -> None:
    db = tmp_path / "mldrills.db"
    with Store(f"sqlite:///{db}") as store:
        store.migrate()
    db.chmod(0o644)
    with Store(f"sqlite:///{db}") as store:
        store.local_user()
    assert _mode(db) == 0o600
