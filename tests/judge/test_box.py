"""The box pieces on their own: the fallback wipe (no root, no tmpfs) and the report."""

from __future__ import annotations

import os
from pathlib import Path

from mldrills.judge.box import Boxes, wipe


def _deep(top: Path, levels: int, name: str) -> None:
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(levels):  # by fd: the path soon outgrows PATH_MAX
            os.mkdir(name, dir_fd=fd)
            nxt = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        with open(os.open("leaf", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd), "w") as fh:
            fh.write("x")
    finally:
        os.close(fd)


def test_wipe_empties_deep_trees_with_closed_modes(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    _deep(work, 1200, "d" * 200)  # 240 KB of path: no recursion, no full paths
    (work / "closed").mkdir()
    (work / "closed" / "f").write_text("x")
    (work / "closed").chmod(0)
    (work / "link").symlink_to(tmp_path)  # removed as a link, never followed
    (tmp_path / "outside").write_text("keep")
    wipe(work)
    assert list(work.iterdir()) == []
    assert (tmp_path / "outside").read_text() == "keep"


def test_without_root_or_cgroups_the_box_says_why(tmp_path: Path) -> None:
    boxes = Boxes(tmp_path, 1, None)
    boxes.setup(False)
    report = boxes.report()
    for layer in ("cgroup-memory", "cgroup-pids", "cgroup-cpu", "ipc-namespace", "tmpfs-quota"):
        assert report[layer]["active"] is False
        assert "disabled" in report[layer]["detail"]
    (boxes.work(0) / "left").write_text("x")
    boxes.reset(0)
    assert list(boxes.work(0).iterdir()) == []
    assert boxes.end(0) is None  # nothing to kill, no memory limit hit
