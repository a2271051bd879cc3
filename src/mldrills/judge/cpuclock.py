"""CPU time of a whole child process, every thread included, read from the kernel.

The supervisor opens one software ``task-clock`` perf counter per thread of the child,
with ``inherit`` set, so threads and processes the submission starts later are counted
too (an O(n^2) loop in a worker thread must not look free). The counters live in the
supervisor: nothing the child does can reset or fake them. Where perf events are not
allowed (``perf_event_paranoid`` and no privilege), the per-thread ``schedstat`` of the
threads alive at each reading is summed instead, which misses threads that already
ended; ``kind`` says which one is in use.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import struct

_PERF_TYPE_SOFTWARE = 1
_PERF_COUNT_SW_TASK_CLOCK = 1
_INHERIT = 1 << 1
_SYSCALLS = {"x86_64": 298, "aarch64": 241}


class _PerfAttr(ctypes.Structure):
    # The first fields of struct perf_event_attr (PERF_ATTR_SIZE_VER1 = 72 bytes).
    _fields_ = [
        ("type", ctypes.c_uint32),
        ("size", ctypes.c_uint32),
        ("config", ctypes.c_uint64),
        ("sample_period", ctypes.c_uint64),
        ("sample_type", ctypes.c_uint64),
        ("read_format", ctypes.c_uint64),
        ("flags", ctypes.c_uint64),
        ("wakeup_events", ctypes.c_uint32),
        ("bp_type", ctypes.c_uint32),
        ("config1", ctypes.c_uint64),
        ("config2", ctypes.c_uint64),
    ]


def _open_task_clock(tid: int) -> int:
    """A task-clock counter on ``tid`` and everything it starts later; -1 if refused."""
    number = _SYSCALLS.get(platform.machine())
    if number is None:
        return -1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return -1
    attr = _PerfAttr(type=_PERF_TYPE_SOFTWARE, config=_PERF_COUNT_SW_TASK_CLOCK)
    attr.size = ctypes.sizeof(_PerfAttr)
    attr.flags = _INHERIT
    fd = libc.syscall(number, ctypes.byref(attr), tid, -1, -1, 0)
    return int(fd)


def _threads(pid: int) -> list[int]:
    try:
        return sorted(int(t) for t in os.listdir(f"/proc/{pid}/task"))
    except (OSError, ValueError):
        return []


class ProcessClock:
    """CPU seconds used by process ``pid`` and every thread and process it starts."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.fds: list[int] = []
        self.kind = "none"
        for tid in _threads(pid):
            fd = _open_task_clock(tid)
            if fd < 0:
                self.close()
                break
            self.fds.append(fd)
        if self.fds:
            self.kind = "perf"
        elif _threads(pid):
            self.kind = "schedstat"

    def seconds(self) -> float | None:
        """CPU seconds so far; None when the process is gone or cannot be observed."""
        if self.kind == "perf":
            try:
                total: int = sum(struct.unpack("Q", os.read(fd, 8))[0] for fd in self.fds)
                return total / 1e9
            except (OSError, struct.error):
                return None
        if self.kind == "schedstat":
            ns = 0
            for tid in _threads(self.pid):
                try:
                    with open(f"/proc/{self.pid}/task/{tid}/schedstat", "rb") as fh:
                        ns += int(fh.read().split()[0])
                except (OSError, ValueError, IndexError):
                    continue
            return ns / 1e9 if ns else None
        return None

    def close(self) -> None:
        """Release the counters."""
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds = []
