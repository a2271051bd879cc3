"""The uid lock directory lives in a shared temp dir: one planted by someone else is refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from mldrills.judge.forkserver import _own_private_dir


def test_created_private(tmp_path: Path) -> None:
    d = _own_private_dir(tmp_path / "locks")
    assert stat.S_IMODE(d.stat().st_mode) == 0o700 and d.stat().st_uid == os.geteuid()
    assert _own_private_dir(d) == d  # reused on the next start


def test_world_writable_is_refused(tmp_path: Path) -> None:
    d = tmp_path / "locks"
    d.mkdir()
    d.chmod(0o777)
    with pytest.raises(OSError, match="refusing the lock directory"):
        _own_private_dir(d)


def test_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    (tmp_path / "locks").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OSError, match="refusing the lock directory"):
        _own_private_dir(tmp_path / "locks")


@pytest.mark.skipif(os.geteuid() != 0, reason="planting a directory as another uid needs root")
def test_planted_by_another_user_is_refused(tmp_path: Path) -> None:
    d = tmp_path / "locks"
    d.mkdir(mode=0o700)
    os.chown(d, 65534, 65534)
    with pytest.raises(OSError, match="found uid 65534"):
        _own_private_dir(d)
