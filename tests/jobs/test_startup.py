"""`mldrills serve` and workers starting together on a fresh SQLite database all come up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MIGRATE = "import sys; from mldrills.store import Store; Store(sys.argv[1]).migrate()"


def test_processes_migrating_one_new_sqlite_file_at_once_all_succeed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'mldrills.db'}"
    procs = [
        subprocess.Popen([sys.executable, "-c", MIGRATE, url], stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
