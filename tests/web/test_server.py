"""``mldrills serve``'s checks: loopback only in local mode, isolation for multi-user."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path
from typing import Any

import pytest

from mldrills.content import Catalog
from mldrills.errors import ConfigError, JudgeUnavailable
from mldrills.grading import Judge
from mldrills.store import Store
from mldrills.web import server
from mldrills.web.sessions import secret_key


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.5"])
def test_loopback_hosts(host: str) -> None:
    assert server.is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_local_mode_refuses_other_hosts(host: str) -> None:
    assert not server.is_loopback(host)
    with pytest.raises(ConfigError, match="single-user mode") as err:
        server.check_bind(host, 0, multi_user=False)
    assert err.value.hint and "--multi-user" in err.value.hint


def test_port_in_use_is_a_clear_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ConfigError, match=f"cannot listen on 127.0.0.1:{port}"):
            server.check_bind("127.0.0.1", port, multi_user=False)


class NoSandboxJudge(Judge):
    closed = False

    def server(self, need_torch: bool = False) -> Any:
        return None

    def missing_layers(self) -> list[str]:
        return ["landlock", "user"]

    def close(self) -> None:
        NoSandboxJudge.closed = True


def test_multi_user_refuses_missing_isolation(
    monkeypatch: pytest.MonkeyPatch, catalog: Catalog
) -> None:
    monkeypatch.setattr(server, "Judge", NoSandboxJudge)
    with pytest.raises(JudgeUnavailable, match="landlock, user") as err:
        server.start_judge(catalog, multi_user=True, allow_unsandboxed=False)
    assert NoSandboxJudge.closed and "--allow-unsandboxed" in (err.value.hint or "")
    assert server.start_judge(catalog, multi_user=True, allow_unsandboxed=True)
    assert server.start_judge(catalog, multi_user=False, allow_unsandboxed=False)


def test_announce_prints_the_admin_setup_link(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    server.announce(store, "http://127.0.0.1:8000/", multi_user=True)
    err = capsys.readouterr().err
    assert "running at http://127.0.0.1:8000/" in err and "/signup?code=" in err
    store.create_user("root", "h", is_admin=True)
    server.announce(store, "http://127.0.0.1:8000/", multi_user=True)
    assert "signup" not in capsys.readouterr().err
    server.announce(store, "http://127.0.0.1:8000/", multi_user=False)
    assert "single-user" in capsys.readouterr().err


def test_secret_key_file_is_private_and_stable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLDRILLS_SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) > 40 and secret_key(tmp_path) == first
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600
    monkeypatch.setenv("MLDRILLS_SECRET_KEY", "from-env")
    assert secret_key(tmp_path) == "from-env"
