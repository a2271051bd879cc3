"""cgroup v2 on a host that delegates a subtree (systemd ``Delegate=yes``).

These machines run cgroup v1, so the v2 path is exercised on a fake hierarchy: plain
files standing in for the kernel's, with the one rule that matters here (a group with
processes cannot enable controllers for its children: EBUSY).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from mldrills.judge import cgroups


@pytest.fixture
def fake_v2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    svc = tmp_path / "system.slice" / "mldrills.service"
    svc.mkdir(parents=True)
    (svc / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (svc / "cgroup.procs").write_text("123\n456\n")
    real_write, real_read = cgroups._write, cgroups._read

    def write(path: Path, value: str) -> None:
        procs = path.parent / "cgroup.procs"
        if path.name == "cgroup.subtree_control" and procs.exists() and procs.read_text().strip():
            raise OSError(errno.EBUSY, "Device or resource busy")
        if path.name == "cgroup.procs":  # a move: out of every other group
            for other in tmp_path.rglob("cgroup.procs"):
                kept = [p for p in other.read_text().split() if p != value]
                other.write_text("".join(f"{p}\n" for p in kept))
            path.write_text(path.read_text() + value + "\n" if path.exists() else value + "\n")
            return
        real_write(path, value)

    def read(path: Path) -> str:
        if not path.exists() and path.name in ("memory.events", "cgroup.procs"):
            return "oom_kill 0\n" if path.name == "memory.events" else ""
        return real_read(path)

    monkeypatch.setattr(cgroups, "_write", write)
    monkeypatch.setattr(cgroups, "_read", read)
    monkeypatch.setattr(cgroups, "_mounts", lambda: [("cgroup2", str(tmp_path), "/", set())])
    monkeypatch.setattr(cgroups, "_own_paths", lambda: {"": "/system.slice/mldrills.service"})
    return svc


def test_v2_moves_the_service_into_a_leaf_and_boxes_each_slot(fake_v2: Path) -> None:
    groups = cgroups.Cgroups.create(2, cpu=True)
    assert groups.kind == "v2"
    assert (fake_v2 / cgroups.LEAF / "cgroup.procs").read_text().split() == ["123", "456"]
    assert "+memory" in (fake_v2 / "cgroup.subtree_control").read_text()
    top = fake_v2 / f"{cgroups.PREFIX}{os.getpid()}"
    assert "+pids +cpu" in (top / "cgroup.subtree_control").read_text()
    assert "cpu" in groups.describe()
    slot = top / "slot1"
    assert (slot / "pids.max").read_text() == str(cgroups.PIDS_MAX)
    assert (slot / "memory.oom.group").read_text() == "1"
    groups.set_memory(1, 300 << 20)
    assert (slot / "memory.max").read_text() == str(300 << 20)
    assert groups.kill(1)
    assert (slot / "cgroup.kill").read_text() == "1"
    assert not groups.took_oom(1)
    (slot / "memory.events").write_text("low 0\noom 2\noom_kill 1\n")
    assert groups.took_oom(1)
    assert not groups.took_oom(1)  # counted once


def test_v2_without_the_controllers_says_which(fake_v2: Path) -> None:
    (fake_v2 / "cgroup.controllers").write_text("cpuset io\n")
    with pytest.raises(OSError, match="lacks the memory, pids, cpu controller"):
        cgroups._make_v2(cpu=True)
