"""Grading without a sandbox, in this process: the floor the judge's latency is measured against.

Never use this for untrusted code. It exists for ``benchmarks/judge_latency.py``, which
compares the warm sandboxed judge with the same checks run here directly.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from mldrills.grading.results import Result
from mldrills.judge.channel import Channel
from mldrills.judge.runner import Runner
from mldrills.judge.wire import Blob


class LocalChannel(Channel):
    """A channel whose 'child' is a Runner in this process (same encoding, no fork)."""

    def __init__(self) -> None:
        self.runner = Runner()
        self.pid = 0
        self.limits = None  # never limit this very process
        self.output: list[str] = []
        self.alive = True
        self.requests = 0
        self.last_lines: int | None = None
        self.forbidden: list[str] = []
        self.excused = 0.0  # nothing waits for a core in-process

    def request(self, header: dict[str, Any], blobs: list[bytes], timeout: float) -> Any:
        """Run the request in-process; replies take the same JSON path as the real one."""
        self.requests += 1
        saved = sys.stdout, sys.stderr
        try:
            reply, rblobs = self.runner.handle(json.loads(json.dumps(header)), blobs)
        finally:
            sys.stdout, sys.stderr = saved
        received: list[Blob] = list(rblobs)
        return self._interpret(json.loads(json.dumps(reply)), received)

    def cpu_seconds(self) -> float | None:
        """CPU time of this thread (the in-process 'child')."""
        return time.thread_time()

    def close(self) -> None:
        """Nothing to close."""
        self.alive = False


class LocalServer:
    """Stands in for the fork server: every 'child' is a fresh in-process Runner."""

    def __init__(self) -> None:
        self.layers: dict[str, dict[str, Any]] = {
            name: {"active": False, "detail": "in-process, no sandbox"}
            for name in ("rlimits", "user", "landlock", "seccomp", "netns")
        }

    def spawn(self, cpu_seconds: int, memory_mb: int) -> Channel:
        """A new in-process runner."""
        return LocalChannel()

    def finish(self, channel: Channel) -> dict[str, Any]:
        """Nothing ran in another process."""
        channel.close()
        return {"exit": 0, "signal": None}


def grade_in_process(exercise: Any, code: str, *, hidden: bool = True) -> Result:
    """Grade trusted ``code`` in this process (no isolation at all)."""
    from mldrills.grading.steps import grade_exercise

    return grade_exercise(LocalServer(), exercise, code, hidden=hidden)
