"""The CLI's warm judge as a user meets it: shared, replaced when killed, never stale."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow  # real daemons and fork servers: seconds per test

ROOT = Path(__file__).resolve().parents[2]
SLUG = "kmeans"
SOLUTION = (ROOT / "packs/coding/kmeans/solution.py").read_text()


def pid_alive(pid: int) -> bool:
    """Whether the process runs (a zombie counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def run(
    args: list[str], env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mldrills.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def wait_for(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    """Wait (bounded) for a state; the tests assert states, never durations."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def env(tmp_path: Path, runtime_dir: Path, code_snapshot: Path) -> dict[str, str]:
    shutil.copytree(ROOT / "packs/coding/kmeans", tmp_path / "packs/coding/kmeans")
    (tmp_path / "good.py").write_text(SOLUTION)
    e = dict(os.environ)
    e["MLDRILLS_PACKS_DIR"] = str(tmp_path / "packs")
    e["MLDRILLS_DATA_DIR"] = str(tmp_path / "data")
    e["MLDRILLS_RUNTIME_DIR"] = str(runtime_dir)
    e["MLDRILLS_JUDGE_SLOTS"] = "2"
    e["PYTHONPATH"] = str(code_snapshot)
    for name in ("MLDRILLS_DATABASE_URL", "MLDRILLS_JUDGE_DAEMON", "MLDRILLS_JUDGE_IDLE_SECONDS"):
        e.pop(name, None)
    return e


def submit(env: dict[str, str], tmp_path: Path, *extra: str) -> dict[str, Any]:
    proc = run(["submit", SLUG, "--file", str(tmp_path / "good.py"), "--json", *extra], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    assert result["status"] == "pass"
    return result


def judge_pid(result: dict[str, Any], kind: str = "daemon") -> int:
    assert result["judge"]["kind"] == kind, result["judge"]
    return int(result["judge"]["pid"])


def socket_path(runtime_dir: Path) -> Path:
    [path] = list(runtime_dir.glob("judge-*.sock"))
    return path


def test_one_daemon_is_started_and_shared(
    env: dict[str, str], tmp_path: Path, runtime_dir: Path
) -> None:
    pid = judge_pid(submit(env, tmp_path))
    assert pid_alive(pid)
    assert os.getsid(pid) == pid, "the daemon runs in a session of its own"
    assert runtime_dir.stat().st_mode & 0o777 == 0o700
    assert judge_pid(submit(env, tmp_path)) == pid
    doctor = json.loads(run(["doctor", "--json"], env).stdout)
    assert doctor["warm_judge"].startswith(f"daemon pid {pid} at ")
    proc = run(["test", SLUG, "--file", str(tmp_path / "good.py"), "--json"], env)
    assert proc.returncode == 0 and judge_pid(json.loads(proc.stdout)) == pid
    # The escape hatches grade in the command itself.
    judge_pid(submit(env, tmp_path, "--no-daemon"), kind="command")
    judge_pid(submit({**env, "MLDRILLS_JUDGE_DAEMON": "off"}, tmp_path), kind="command")
    history = json.loads(run(["history", "--json"], env).stdout)
    assert [h["kind"] for h in history] == ["submit", "submit", "test", "submit", "submit"]


def test_a_killed_daemon_is_replaced_by_the_next_command(
    env: dict[str, str], tmp_path: Path, runtime_dir: Path
) -> None:
    pid = judge_pid(submit(env, tmp_path))
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: not pid_alive(pid), "the daemon to die")
    assert socket_path(runtime_dir).exists(), "a killed daemon leaves its socket behind"
    new = judge_pid(submit(env, tmp_path))
    assert new != pid and pid_alive(new)


def test_concurrent_first_commands_start_one_daemon(env: dict[str, str], tmp_path: Path) -> None:
    args = [sys.executable, "-m", "mldrills.cli", "submit", SLUG, "--json"]
    procs = [
        subprocess.Popen(
            [*args, "--file", str(tmp_path / "good.py")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    done = [(proc, *proc.communicate(timeout=300)) for proc in procs]
    for proc, out, errs in done:
        assert proc.returncode == 0, out + errs
    assert len({judge_pid(json.loads(out)) for _, out, _ in done}) == 1


def test_changed_pack_is_graded_as_it_is_now(env: dict[str, str], tmp_path: Path) -> None:
    pid = judge_pid(submit(env, tmp_path))
    tests_py = tmp_path / "packs/coding/kmeans/tests.py"
    original = tests_py.read_text()
    tests_py.write_text(original + "\nthis is not python\n")
    proc = run(["test", SLUG, "--file", str(tmp_path / "good.py")], env)
    assert proc.returncode != 0 and "Traceback" not in proc.stdout + proc.stderr
    assert "tests.py" in proc.stderr and "failed to import" in proc.stderr, proc.stderr
    tests_py.write_text(
        original + '\n@suite.check("added while the judge ran")\n'
        "def _added(t):\n    raise CheckFailed('the new check ran')\n"
    )
    proc = run(["test", SLUG, "--file", str(tmp_path / "good.py"), "--json"], env)
    checks = {c["name"]: c for c in json.loads(proc.stdout)["checks"]}
    assert checks["added while the judge ran"]["message"] == "the new check ran"
    assert proc.returncode == 1 and judge_pid(json.loads(proc.stdout)) == pid
    tests_py.write_text(original)
    assert judge_pid(submit(env, tmp_path)) == pid, "reloaded in place, not restarted"


def test_ctrl_c_stops_the_command_not_the_daemon(env: dict[str, str], tmp_path: Path) -> None:
    pid = judge_pid(submit(env, tmp_path))
    slow = tmp_path / "slow.py"
    slow.write_text("import time\ntime.sleep(30)\n" + SOLUTION)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mldrills.cli", "submit", SLUG, "--file", str(slow)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
        # ... with Ctrl+C's default action: a test run started in the background (`cmd &`
        # in a script) passes SIGINT on as ignored, and Python then keeps ignoring it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(1.5)  # let it reach the judge; the assertions below hold either way
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl+C sends: the whole foreground group
    out, errs = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in out + errs, (out, errs)
    assert "cancelled" in errs
    assert pid_alive(pid)
    assert judge_pid(submit(env, tmp_path)) == pid
    # The daemon stopped that grade when the command hung up: it recorded nothing.
    history = json.loads(run(["history", "--json"], env).stdout)
    assert [h["status"] for h in history] == ["pass", "pass"]


def test_an_idle_daemon_stops_itself(
    env: dict[str, str], tmp_path: Path, runtime_dir: Path
) -> None:
    env["MLDRILLS_JUDGE_IDLE_SECONDS"] = "1"
    pid = judge_pid(submit(env, tmp_path))
    wait_for(lambda: not pid_alive(pid), "the idle daemon to stop")
    assert not list(runtime_dir.glob("judge-*.sock"))
    assert not list(runtime_dir.glob("judge-*.pid"))


def test_a_runtime_folder_others_can_enter_is_refused(
    env: dict[str, str], tmp_path: Path, runtime_dir: Path
) -> None:
    runtime_dir.mkdir(mode=0o700)
    runtime_dir.chmod(0o755)
    proc = run(["submit", SLUG, "--file", str(tmp_path / "good.py")], env)
    assert proc.returncode == 5 and "Traceback" not in proc.stdout + proc.stderr
    assert "refusing to use" in proc.stderr and "chmod 700" in proc.stderr
    judge_pid(submit(env, tmp_path, "--no-daemon"), kind="command")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_running_server_lends_its_judge(
    env: dict[str, str], tmp_path: Path, runtime_dir: Path
) -> None:
    daemon = judge_pid(submit(env, tmp_path))
    server = subprocess.Popen(
        [sys.executable, "-m", "mldrills.cli", "serve", "--port", str(_free_port())],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: not pid_alive(daemon), "the daemon to step aside for the server", 120)
        assert judge_pid(submit(env, tmp_path), kind="serve") == server.pid
    finally:
        server.send_signal(signal.SIGINT)
        _, errs = server.communicate(timeout=60)
    assert "Traceback" not in errs, errs
    wait_for(lambda: not list(runtime_dir.glob("judge-*.sock")), "the server's socket to go")
    assert judge_pid(submit(env, tmp_path)) not in (daemon, server.pid)


def test_other_settings_replace_the_daemon(env: dict[str, str], tmp_path: Path) -> None:
    pid = judge_pid(submit(env, tmp_path))
    new = judge_pid(submit({**env, "MLDRILLS_JUDGE_SLOTS": "1"}, tmp_path))
    assert new != pid
    wait_for(lambda: not pid_alive(pid), "the old daemon to stop")
