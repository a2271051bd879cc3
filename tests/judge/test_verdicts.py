"""Every way a submission can go wrong gives a clear verdict, and the judge keeps serving."""

from __future__ import annotations

import pytest

from mldrills.errors import InvalidInput, NotFound
from mldrills.grading import Judge

CASES = [
    # (code, status, words the message must contain)
    ("def solve(x):\n    return x\n", "pass", []),
    ("def solve(x)\n    return x\n", "error", ["does not parse", "line 1"]),
    ("def answer(x):\n    return x\n", "error", ["does not define `solve`", "answer"]),
    ("raise ValueError('boom at import')\n", "error", ["while being imported", "boom at import"]),
    ("def solve(x):\n    return x + 1\n", "fail", ["expected 41, got 42"]),
    ("def solve(x):\n    return str(x)\n", "fail", ["expected 41", "'41'"]),
    ("def solve(x):\n    return {}['k']\n", "fail", ["raised KeyError", "line 2"]),
    ("def solve(x):\n    return solve(x)\n", "fail", ["RecursionError"]),
    ("import sys\ndef solve(x):\n    sys.exit(3)\n", "fail", ["sys.exit(3)"]),
    ("import os\ndef solve(x):\n    os._exit(4)\n", "fail", ["exited with code 4"]),
    (
        "import ctypes\ndef solve(x):\n    return ctypes.string_at(0)\n",
        "fail",
        ["segmentation fault"],
    ),
    ("def solve(x):\n    while True:\n        pass\n", "fail", ["timed out"]),
    ("import time\ndef solve(x):\n    time.sleep(3600)\n", "fail", ["timed out"]),
    ("def solve(x):\n    while True:\n        print('x' * 10000)\n", "fail", ["printed more than"]),
    ("import time\ntime.sleep(3600)\ndef solve(x):\n    return x\n", "error", ["took more than"]),
]


@pytest.mark.parametrize(("code", "status", "words"), CASES, ids=[c[0][:40] for c in CASES])
def test_verdict(grade, assert_healthy, code: str, status: str, words: list[str]) -> None:
    res = grade(code)
    assert res["status"] == status, res
    text = res["message"] + " ".join(c["message"] for c in res["checks"])
    for word in words:
        assert word in text, (word, text)
    assert_healthy()


def test_fake_equality_object_never_passes(grade) -> None:
    code = (
        "class Anything:\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "def solve(x):\n    return Anything()\n"
    )
    res = grade(code, hidden=True)
    assert res["status"] == "fail"
    assert all(c["status"] == "fail" for c in res["checks"])
    assert "Anything" in res["checks"][0]["message"]


def test_fake_numbers_and_arrays_never_pass(grade) -> None:
    code = (
        "import numpy as np\n"
        "class Liar(int):\n"
        "    def __eq__(self, other): return True\n"
        "class LiarArray(np.ndarray):\n"
        "    def __eq__(self, other): return np.ones(np.shape(other), bool)\n"
        "def solve(x):\n"
        "    if isinstance(x, int):\n"
        "        return Liar(0)\n"
        "    return np.zeros_like(x).view(LiarArray)\n"
    )
    res = grade(code, hidden=True)
    assert [c["status"] for c in res["checks"]] == ["fail", "fail"], res


def test_lazy_imports_work_inside_the_sandbox(grade) -> None:
    # Modules the fork server did not pre-import are read from disk by the sandboxed
    # user, even when the interpreter lives under a root-only directory (pyenv in /root).
    code = (
        "def solve(x):\n    import csv, difflib, xml.dom.minidom, numpy.polynomial\n    return x\n"
    )
    res = grade(code, hidden=True)
    assert res["status"] == "pass", res


def test_output_is_captured_and_capped(grade) -> None:
    res = grade("def solve(x):\n    print('debug', x)\n    return x\n")
    assert res["status"] == "pass"
    assert "debug 41" in res["checks"][0]["output"]


def test_result_shape_is_stable(grade) -> None:
    res = grade("def solve(x):\n    return x\n", hidden=True)
    assert set(res) >= {"status", "checks", "message", "timings", "isolation", "slug"}
    assert res["passed"] == res["total"] == 2
    assert {"name", "status", "message", "hint", "output", "duration_ms", "hidden"} <= set(
        res["checks"][0]
    )
    assert [c["hidden"] for c in res["checks"]] == [False, True]


def test_bad_requests_are_library_errors(judge: Judge) -> None:
    with pytest.raises(NotFound):
        judge.grade("no-such-exercise", "x = 1")
    with pytest.raises(InvalidInput):
        judge.grade("echo", "#" * (Judge.MAX_CODE_BYTES + 1))


def test_a_pooled_child_that_died_is_replaced_not_blamed(judge: Judge, grade) -> None:
    import os
    import signal
    import time

    time.sleep(0.2)  # let the server fill its pool of pre-forked children
    server_pid = judge.server().proc.pid
    pooled = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid == server_pid:
                pooled.append(int(entry))
    assert pooled, "the fork server keeps children ready"
    for pid in pooled:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_running(pid) for pid in pooled):
        time.sleep(0.01)  # dead (a zombie) before the next submission asks for a child
    res = grade("def solve(x):\n    return x\n", hidden=True)
    assert res["status"] == "pass", res


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
