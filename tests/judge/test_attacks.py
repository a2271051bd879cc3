"""Hostile submissions: each ends as a clear non-pass verdict, the judge keeps serving,
and nothing outside the child's work directory changes.

Every attack is written so that *success* makes the submission pass (it returns the
expected value only when the attack worked), so a broken sandbox fails the test rather
than the machine. All attacks are bounded: at most a few hundred processes, 4 GiB of
memory requested in 10 MiB steps, deadlines on every sleep.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrills.grading import Judge

FIXTURE_PACKS = Path(__file__).parent / "packs"
REAL_HIDDEN = Path(__file__).resolve().parents[2] / "packs/coding/merge-intervals/hidden.py"
FIXTURE_HIDDEN = FIXTURE_PACKS / "probe/echo/hidden.py"


def _pids_in_output(res: dict) -> list[int]:
    text = " ".join(c["output"] for c in res["checks"]) + res["output"]
    return [int(p) for p in re.findall(r"PID:(\d+)", text)]


def _gone(pid: int, within: float = 2.0) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    srv.settimeout(0.2)
    yield srv
    srv.close()


def test_network_connect_is_blocked(grade, assert_healthy, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    code = f"""
import socket
def solve(x):
    socket.create_connection(("127.0.0.1", {port}), timeout=1).close()
    return x
"""
    res = grade(code)
    assert res["status"] == "fail"
    with pytest.raises(TimeoutError):
        listener.accept()  # nothing ever connected
    assert_healthy()


def test_udp_and_raw_sockets_are_blocked(grade) -> None:
    code = """
import socket
def solve(x):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"leak", ("127.0.0.1", 9))
    return x
"""
    res = grade(code)
    assert res["status"] == "fail"
    assert "PermissionError" in res["checks"][0]["message"]


@pytest.mark.parametrize("target", [FIXTURE_HIDDEN, REAL_HIDDEN], ids=["fixture", "real-pack"])
def test_reading_hidden_tests_is_blocked(grade, assert_healthy, target: Path) -> None:
    assert target.exists()
    code = f"""
def solve(x):
    open({str(target)!r}).read()
    return x
"""
    res = grade(code)
    assert res["status"] == "fail"
    assert "PermissionError" in res["checks"][0]["message"]
    assert_healthy()


def test_reading_another_users_workspace_is_blocked(grade, tmp_path: Path) -> None:
    other = tmp_path / "workspaces" / "other-user" / "solution.py"
    other.parent.mkdir(parents=True)
    other.write_text("SECRET = 'answer'\n")
    other.chmod(0o644)
    for p in (tmp_path, other.parent.parent, other.parent):
        p.chmod(0o755)  # world-readable: only the sandbox stands in the way
    code = f"""
def solve(x):
    open({str(other)!r}).read()
    return x
"""
    assert grade(code)["status"] == "fail"


def test_reading_process_memory_and_environment_is_blocked(grade) -> None:
    code = f"""
import os
def solve(x):
    open("/proc/{os.getpid()}/environ", "rb").read()
    return x
"""
    assert grade(code)["status"] == "fail"


def test_writing_outside_the_work_directory_is_blocked(grade, assert_healthy) -> None:
    targets = [
        Path("/tmp") / f"mldrills-attack-{uuid.uuid4().hex}",
        FIXTURE_PACKS / f"probe/echo/attack-{uuid.uuid4().hex}.py",
    ]
    for target in targets:
        code = f"""
def solve(x):
    with open({str(target)!r}, "w") as fh:
        fh.write("owned")
    return x
"""
        res = grade(code)
        assert res["status"] == "fail"
        assert not target.exists()
    assert_healthy()


def test_writing_inside_the_work_directory_works_and_is_wiped(grade) -> None:
    code = """
import os
def solve(x):
    with open("scratch.txt", "a") as fh:
        fh.write("x")
    print("SIZE:", os.path.getsize("scratch.txt"))
    return x
"""
    first = grade(code)
    second = grade(code)
    assert first["status"] == second["status"] == "pass"
    assert "SIZE: 1" in second["checks"][0]["output"]  # a fresh directory each time


def test_fork_bomb_is_contained(grade, assert_healthy) -> None:
    code = """
import os, time
def solve(x):
    n = 0
    for _ in range(300):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(20)
            os._exit(0)
        print("PID:%d" % pid)
        n += 1
    return x if n == 300 else -n
"""
    res = grade(code)
    assert res["status"] == "fail"
    pids = _pids_in_output(res)
    assert len(pids) < 300
    assert all(_gone(p) for p in pids), "forked processes outlived the submission"
    assert_healthy()


def test_escaped_grandchild_is_killed(grade) -> None:
    code = """
import os, time
def solve(x):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            time.sleep(30)
        os._exit(0)
    os.waitpid(pid, 0)
    print("PID:%d" % os.getpid())
    return x
"""
    res = grade(code)
    # The grandchild's pid is unknown to us; the sweep kills every process of the
    # slot's user, so nothing may remain of this child's session.
    assert res["status"] == "pass"
    child = _pids_in_output(res)[0]
    assert _gone(child)


def test_slow_memory_growth_is_stopped(grade, assert_healthy) -> None:
    code = """
def solve(x):
    chunks = []
    for _ in range(400):  # up to 4 GiB in 10 MiB steps
        chunks.append(bytearray(10 * 2**20))
    return x
"""
    res = grade(code)
    assert res["status"] == "fail"
    assert "memory" in res["checks"][0]["message"].lower()
    assert_healthy()


def test_signalling_the_supervisor_and_fork_server_is_blocked(
    grade, assert_healthy, judge: Judge
) -> None:
    received: list[int] = []
    old = signal.signal(signal.SIGUSR1, lambda signum, frame: received.append(signum))
    try:
        code = f"""
import os, signal
def solve(x):
    hit = 0
    for pid in ({os.getpid()}, os.getppid()):
        try:
            os.kill(pid, signal.SIGUSR1)
            hit += 1
        except OSError:
            pass
    return x if hit else -1
"""
        res = grade(code)
    finally:
        signal.signal(signal.SIGUSR1, old)
    assert res["status"] == "fail"
    assert received == []
    assert judge.server().alive()
    assert_healthy()


def test_ptrace_and_namespaces_are_blocked(grade) -> None:
    code = """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
def solve(x):
    ok = 0
    if libc.ptrace(16, os.getppid(), 0, 0) == 0:  # PTRACE_ATTACH
        ok += 1
    if libc.unshare(0x10000000) == 0:  # CLONE_NEWUSER
        ok += 1
    return x if ok else -1
"""
    assert grade(code)["status"] == "fail"


@pytest.mark.parametrize(
    "code",
    [
        "def solve(x):\n    while True:\n        pass\n",
        "import time\ndef solve(x):\n    time.sleep(3600)\n",
        "def solve(x):\n    while True:\n        print('flood' * 1000)\n",
        "import os\ndef solve(x):\n    os._exit(0)\n",
        "import sys\ndef solve(x):\n    sys.exit(0)\n",
    ],
    ids=["infinite-loop", "long-sleep", "stdout-flood", "os-exit", "sys-exit"],
)
def test_runaway_submissions_end_cleanly(grade, assert_healthy, code: str) -> None:
    start = time.monotonic()
    res = grade(code)
    assert res["status"] == "fail"
    assert time.monotonic() - start < 30
    assert_healthy()


def test_work_dir_opened_to_everyone_is_closed_again(grade, judge) -> None:
    # A submission chmods its work directory 0777 so that other local users could plant
    # files for the next submission of that slot; the judge closes it after the job.
    code = """
import os
print("DIR:" + os.getcwd())
os.chmod(os.getcwd(), 0o777)
def solve(x):
    return x
"""
    res = grade(code)
    dirs = re.findall(r"DIR:(\S+)", res["output"] + " ".join(c["output"] for c in res["checks"]))
    assert dirs, res
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and os.stat(dirs[0]).st_mode & 0o077:
        grade("def solve(x):\n    return x\n")  # the sweep runs between jobs
        time.sleep(0.05)
    assert os.stat(dirs[0]).st_mode & 0o077 == 0, oct(os.stat(dirs[0]).st_mode)
