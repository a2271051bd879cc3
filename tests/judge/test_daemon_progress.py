"""The warm judge streams progress to a client that asks for it, ahead of the reply."""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mldrills.judge import client
from mldrills.judge.cancel import Cancel
from mldrills.judge.daemon import (
    Endpoint,
    SocketServer,
    current_stream,
    private_dir,
    recv_msg,
    send_msg,
)


def _handler(request: dict[str, Any], cancel: Cancel) -> dict[str, Any]:
    send = current_stream()
    for i in range(3):
        if send is not None:
            send({"done": i, "total": 3, "text": f"step {i + 1}"})
    return {"ok": True, "streamed": send is not None}


@pytest.fixture
def endpoint() -> Iterator[Endpoint]:
    base = Path(tempfile.mkdtemp(prefix="mdp", dir="/tmp"))
    endpoint = Endpoint(private_dir(base / "run"), "test")
    server = SocketServer(endpoint, _handler, kind="daemon", info={})
    server.bind()
    thread = threading.Thread(target=server.serve_forever, kwargs={"drain_seconds": 5})
    thread.start()
    try:
        yield endpoint
    finally:
        server.stop()
        thread.join(timeout=30)
        shutil.rmtree(base, ignore_errors=True)


def _connect(endpoint: Endpoint) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(str(endpoint.socket))
    return sock


def test_progress_comes_before_the_reply_only_when_asked(endpoint: Endpoint) -> None:
    with _connect(endpoint) as sock:
        send_msg(sock, {"op": "work", "progress": True})
        got = [recv_msg(sock) for _ in range(4)]
        assert [m.get("progress", {}).get("text") for m in got[:3]] == [
            "step 1",
            "step 2",
            "step 3",
        ]
        assert got[3] == {"ok": True, "streamed": True}
        send_msg(sock, {"op": "work"})  # the same connection, not asking: the reply alone
        assert recv_msg(sock) == {"ok": True, "streamed": False}


class _Direct(client.WarmJudge):
    """A WarmJudge that talks to the test's server as it is (no start, no replacing)."""

    def _connection(self, need_torch: bool) -> tuple[socket.socket, dict[str, Any]]:
        return _connect(self.endpoint), {"kind": "daemon"}


def test_the_client_hands_progress_to_its_listener(endpoint: Endpoint) -> None:
    heard: list[dict[str, Any]] = []
    reply, _ = _Direct("unused", endpoint=endpoint).call(
        {"op": "work"}, need_torch=False, on_progress=heard.append
    )
    assert reply["streamed"] is True and [h["done"] for h in heard] == [0, 1, 2]
    with client.listening(heard.append):  # the same, set around the call
        _Direct("unused", endpoint=endpoint).call({"op": "work"}, need_torch=False)
    assert len(heard) == 6
    plain, _ = _Direct("unused", endpoint=endpoint).call({"op": "work"}, need_torch=False)
    assert plain["streamed"] is False  # nobody listens: nothing is asked for
