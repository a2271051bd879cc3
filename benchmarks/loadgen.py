"""A bounded CPU load: N busy processes that end by themselves at a deadline.

    with busy_cores(2, seconds=120):
        ...  # both cores of a 2-core machine are busy here

Used by ``benchmarks/growth_methods.py`` and the load test of the growth checks. Each
process spins until its own deadline, so a crash of the caller cannot leave it behind;
the context manager also kills it on exit.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_SPIN = """
import sys, time
end = time.monotonic() + float(sys.argv[1])
x = 0
while time.monotonic() < end:
    for i in range(10000):
        x += i * i
"""


@contextmanager
def busy_cores(count: int = 2, *, seconds: float = 120.0) -> Iterator[list[int]]:
    """Keep ``count`` processes spinning for at most ``seconds``; yield their pids."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", _SPIN, str(seconds)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        yield [p.pid for p in procs]
    finally:
        for p in procs:
            p.kill()
        for p in procs:
            p.wait()
