"""The warm judge's socket layer: private folder, framing, errors, stale sockets, idle stop."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mldrills.errors import JudgeUnavailable, NotFound
from mldrills.judge import client
from mldrills.judge.cancel import Cancel
from mldrills.judge.daemon import (
    CodeWatch,
    Endpoint,
    SocketServer,
    code_unchanged,
    folder_digest,
    private_dir,
)


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A folder with a short path (unix socket paths are limited to ~104 bytes)."""
    path = Path(tempfile.mkdtemp(prefix="mdt", dir="/tmp"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


CANCELS: list[bool] = []


def _handler(request: dict[str, Any], cancel: Cancel) -> dict[str, Any]:
    if request["op"] == "wait":  # a long grade: ends when its client hangs up
        deadline = time.monotonic() + 10
        while not cancel.requested and time.monotonic() < deadline:
            time.sleep(0.01)
        CANCELS.append(cancel.requested)
        return {"ok": True}
    if request["op"] == "echo":
        return {"ok": True, "echo": request["text"]}
    if request["op"] == "missing":
        raise NotFound("no exercise named 'x'", hint="did you mean y?")
    raise ZeroDivisionError("a bug in the judge")


@pytest.fixture
def served(short_dir: Path) -> Iterator[tuple[Endpoint, SocketServer]]:
    """A socket server with a toy handler, running in a thread."""
    endpoint = Endpoint(private_dir(short_dir / "run"), "test")
    server = SocketServer(endpoint, _handler, kind="daemon", info={"python": "x"})
    server.bind()
    thread = threading.Thread(target=server.serve_forever, kwargs={"drain_seconds": 5})
    thread.start()
    try:
        yield endpoint, server
    finally:
        server.stop()
        thread.join(timeout=30)


def _ask(endpoint: Endpoint, request: dict[str, Any]) -> dict[str, Any]:
    got = client.connect(endpoint)
    assert got is not None
    sock, hello = got
    assert hello["kind"] == "daemon" and hello["pid"] == os.getpid()
    with sock:
        client.send_msg(sock, request)
        return client.recv_msg(sock)


def test_private_dir_is_created_0700_and_others_are_refused(short_dir: Path) -> None:
    made = private_dir(short_dir / "a" / "b")
    assert made.stat().st_mode & 0o777 == 0o700
    loose = short_dir / "loose"
    loose.mkdir(mode=0o755)
    loose.chmod(0o755)
    with pytest.raises(JudgeUnavailable, match="mode 0755"):
        private_dir(loose)
    theirs = short_dir / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 12345, 12345)
    if os.getuid() == 12345:
        pytest.fail("the test needs a uid other than 12345")
    with pytest.raises(JudgeUnavailable, match="belongs to uid 12345"):
        private_dir(theirs)
    link = short_dir / "link"
    link.symlink_to(made)
    with pytest.raises(JudgeUnavailable, match="not a folder"):
        private_dir(link)


def test_requests_and_errors_cross_the_socket(served: tuple[Endpoint, SocketServer]) -> None:
    endpoint, _ = served
    assert endpoint.socket.stat().st_mode & 0o777 == 0o600
    assert _ask(endpoint, {"op": "echo", "text": "hé"}) == {"ok": True, "echo": "hé"}
    reply = _ask(endpoint, {"op": "missing"})
    with pytest.raises(NotFound, match="no exercise named") as info:
        client.raise_error(reply["error"])
    assert info.value.hint == "did you mean y?"
    bug = _ask(endpoint, {"op": "crash"})["error"]
    assert bug["type"] == "JudgeUnavailable" and "ZeroDivisionError" in bug["message"]
    assert "Traceback" not in bug["message"] and str(endpoint.log) in bug["hint"]


def test_a_client_that_hangs_up_cancels_its_request(
    served: tuple[Endpoint, SocketServer],
) -> None:
    endpoint, _ = served
    got = client.connect(endpoint)
    assert got is not None
    sock, _hello = got
    with sock:
        client.send_msg(sock, {"op": "wait"})
        time.sleep(0.3)  # the request is being answered
    deadline = time.monotonic() + 5
    while not CANCELS and time.monotonic() < deadline:
        time.sleep(0.01)
    assert CANCELS == [True]
    assert _ask(endpoint, {"op": "echo", "text": "still up"})["echo"] == "still up"


def test_stop_removes_the_socket_before_answering(served: tuple[Endpoint, SocketServer]) -> None:
    endpoint, _ = served
    hello = client.stop(endpoint)
    assert hello is not None and hello["kind"] == "daemon"
    assert not endpoint.socket.exists()
    assert client.connect(endpoint) is None


def test_a_serve_judge_refuses_to_stop(short_dir: Path) -> None:
    endpoint = Endpoint(private_dir(short_dir / "run"), "srv")
    server = SocketServer(endpoint, _handler, kind="serve", info={})
    server.bind()
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        assert client.stop(endpoint) is not None
        assert client.connect(endpoint) is not None, "a serve judge must keep serving"
    finally:
        server.stop()
        thread.join(timeout=30)


def test_a_stale_socket_is_not_a_judge(short_dir: Path) -> None:
    endpoint = Endpoint(private_dir(short_dir / "run"), "stale")
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(endpoint.socket))
    dead.close()  # the file stays, nobody listens: a judge that was killed
    assert endpoint.socket.exists()
    assert client.connect(endpoint) is None
    endpoint.socket.unlink()
    endpoint.socket.write_text("not a socket")
    assert client.connect(endpoint) is None


def test_idle_server_stops_and_removes_its_socket(short_dir: Path) -> None:
    endpoint = Endpoint(private_dir(short_dir / "run"), "idle")
    server = SocketServer(endpoint, _handler, kind="daemon", info={}, idle_seconds=0.3)
    server.bind()
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    _wait_for(lambda: not thread.is_alive(), "the idle server to stop")
    assert not endpoint.socket.exists()


def test_another_users_process_gets_no_answer(short_dir: Path) -> None:
    if os.getuid() != 0:
        pytest.fail("switching to another uid needs root (CI runs as root)")
    short_dir.chmod(0o711)
    shared = short_dir / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # only to let the other uid reach the socket: the peer check must hold
    endpoint = Endpoint(shared, "peer")
    server = SocketServer(endpoint, _handler, kind="daemon", info={})
    server.bind()
    endpoint.socket.chmod(0o777)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    probe = (
        "import socket, struct, json\n"
        "s = socket.socket(socket.AF_UNIX)\n"
        f"s.connect({str(endpoint.socket)!r})\n"
        "body = json.dumps({'op': 'hello'}).encode()\n"
        "try:\n"
        "    s.sendall(struct.pack('!I', len(body)) + body)\n"
        "    print(repr(s.recv(100)))\n"
        "except (BrokenPipeError, ConnectionResetError):\n"
        "    print('closed')\n"
    )
    try:
        proc = subprocess.run(
            ["/usr/bin/python3", "-I", "-c", probe],
            user=65534,
            capture_output=True,
            text=True,
            timeout=60,
            cwd="/",
        )
    finally:
        server.stop()
        thread.join(timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() in ("b''", "closed"), "another uid must get nothing, not a hello"


def test_folder_digest_follows_content_not_time(short_dir: Path) -> None:
    (short_dir / "tests.py").write_text("a = 1\n")
    (short_dir / "__pycache__").mkdir()
    first = folder_digest(short_dir)
    (short_dir / "__pycache__" / "x.pyc").write_bytes(b"junk")
    os.utime(short_dir / "tests.py", (1, 1))
    assert folder_digest(short_dir) == first
    (short_dir / "tests.py").write_text("a = 2\n")
    assert folder_digest(short_dir) != first


def test_code_watch_notices_an_edited_module(short_dir: Path) -> None:
    snapshot = CodeWatch().snapshot()
    assert any(path.endswith("judge/daemon.py") for path in snapshot)
    assert code_unchanged(snapshot)
    copy = short_dir / "mod.py"
    copy.write_text("x = 1\n")
    fake = {str(copy): f"{copy.stat().st_size}:{copy.stat().st_mtime_ns}"}
    assert code_unchanged(fake)
    copy.write_text("x = 22\n")
    assert not code_unchanged(fake)
    assert not code_unchanged({})
