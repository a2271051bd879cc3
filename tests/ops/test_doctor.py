"""`mldrills doctor`: its checks, its table, and its exit code when something is wrong."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.jobs import JobQueue, Worker
from mldrills.ops import health
from mldrills.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    packs = tmp_path / "packs" / "coding"
    shutil.copytree(ROOT / "packs/coding/merge-intervals", packs / "merge-intervals")
    e = {k: v for k, v in os.environ.items() if not k.startswith("MLDRILLS_")}
    e.update(
        MLDRILLS_PACKS_DIR=str(tmp_path / "packs"),
        MLDRILLS_DATA_DIR=str(tmp_path / "data"),
        MLDRILLS_RUNTIME_DIR=str(tmp_path / "run"),
        COLUMNS="200",
    )
    return e


def doctor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", "doctor", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def states(proc: subprocess.CompletedProcess[str]) -> dict[str, str]:
    return {c["name"]: c["state"] for c in json.loads(proc.stdout)["checks"]}


def migrate(env: dict[str, str]) -> Path:
    """Create the database at the newest schema, as any command does; its path."""
    subprocess.run(
        [sys.executable, "-m", "mldrills.cli", "history"], env=env, check=True, capture_output=True
    )
    return Path(env["MLDRILLS_DATA_DIR"]) / "mldrills.db"


def test_a_fresh_machine_is_ready(env: dict[str, str]) -> None:
    proc = doctor(env, "--json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    got = states(proc)
    assert set(got) == {"database", "packs", "sandbox", "queue", "workers"}
    assert got["database"] == "warn"  # no tables until the first command creates them
    assert got["workers"] == "warn"  # unknown until then
    assert got["packs"] == "ok" and got["queue"] == "ok"
    migrate(env)
    after = json.loads(doctor(env, "--json").stdout)
    [db] = [c for c in after["checks"] if c["name"] == "database"]
    assert db["state"] == "ok" and "schema at" in db["detail"]
    [packs] = [c for c in after["checks"] if c["name"] == "packs"]
    assert "1 exercises, hash " in packs["detail"]
    # No worker yet: fine while `mldrills serve` grades itself (it starts one).
    [workers] = [c for c in after["checks"] if c["name"] == "workers"]
    assert workers["state"] == "warn" and "none seen" in workers["detail"]


def test_table_shows_each_check(env: dict[str, str]) -> None:
    proc = doctor(env)
    assert proc.returncode == 0, proc.stderr
    for word in ("health", "database", "packs", "sandbox", "queue", "workers", "sandbox layers"):
        assert word in proc.stdout


def test_a_broken_pack_fails(env: dict[str, str]) -> None:
    meta = Path(env["MLDRILLS_PACKS_DIR"]) / "coding/merge-intervals/meta.toml"
    meta.write_text('title = "x"\ntopic = 42\n')
    proc = doctor(env, "--json")
    assert proc.returncode == 1
    assert states(proc)["packs"] == "fail"
    table = doctor(env)
    assert (
        table.returncode == 1 and "not ready" in table.stdout and "merge-intervals" in table.stdout
    )
    assert "Traceback" not in table.stderr


def test_a_schema_from_a_newer_version_fails(env: dict[str, str]) -> None:
    path = migrate(env)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    proc = doctor(env, "--json")
    assert proc.returncode == 1
    [check] = [c for c in json.loads(proc.stdout)["checks"] if c["name"] == "database"]
    assert check["state"] == "fail" and "newer version" in check["detail"]


def test_an_unreachable_database_fails_cleanly(env: dict[str, str]) -> None:
    env["MLDRILLS_DATABASE_URL"] = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    proc = doctor(env, "--json")
    assert proc.returncode == 1, proc.stderr
    assert states(proc)["database"] == "fail"
    assert "Traceback" not in proc.stderr


def heartbeat(env: dict[str, str], packs_hash: str) -> None:
    """A worker's heartbeat in the database of ``env``, as `mldrills worker` sends."""
    url = f"sqlite:///{Path(env['MLDRILLS_DATA_DIR']) / 'mldrills.db'}"
    with Store(url) as store:
        store.worker_seen("w1", host="gpu-box", pid=4242, concurrency=4, packs_hash=packs_hash)


def test_a_server_without_workers_fails(env: dict[str, str]) -> None:
    migrate(env)
    env["MLDRILLS_SERVE_WORKERS"] = "0"  # the server grades nothing itself
    proc = doctor(env, "--json")
    assert proc.returncode == 1
    assert states(proc)["workers"] == "fail"
    heartbeat(env, health.packs_hash(Catalog(env["MLDRILLS_PACKS_DIR"])))
    proc = doctor(env, "--json")
    assert proc.returncode == 0, proc.stdout
    [check] = [c for c in json.loads(proc.stdout)["checks"] if c["name"] == "workers"]
    assert check["state"] == "ok" and "gpu-box:4242 x4" in check["detail"]


def test_a_worker_with_other_packs_fails(env: dict[str, str]) -> None:
    migrate(env)
    heartbeat(env, "0" * 20)
    proc = doctor(env, "--json")
    assert proc.returncode == 1
    [check] = [c for c in json.loads(proc.stdout)["checks"] if c["name"] == "workers"]
    assert check["state"] == "fail" and "other packs" in check["detail"]


def test_packs_hash_is_the_one_workers_report(tmp_path: Path) -> None:
    catalog = Catalog(ROOT / "packs")
    with Store(f"sqlite:///{tmp_path / 'w.db'}") as store:
        judge = Judge(catalog, isolation="off", preload_torch=False)  # never started
        worker = Worker(store, JobQueue("memory"), judge)
        assert worker.catalog_hash() == health.packs_hash(catalog)
