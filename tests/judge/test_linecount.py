"""The line counter the growth checks rely on: exact, bounded, and hard to switch off quietly."""

from __future__ import annotations

import sys
import threading

from mldrills.probes.linecount import counted_call


def _loop(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def _loop_in_thread(n: int) -> None:
    worker = threading.Thread(target=_loop, args=(n,))
    worker.start()
    worker.join()


def test_counts_are_exact_and_grow_with_the_work() -> None:
    value, small = counted_call(_loop, [10], {})
    _, large = counted_call(_loop, [110], {})
    assert value == 45
    assert small is not None and large is not None
    assert large - small == 2 * 100  # two line events per iteration
    assert counted_call(_loop, [110], {})[1] == large  # the same work, the same count


def test_threads_started_during_the_call_are_counted() -> None:
    _, small = counted_call(_loop_in_thread, [10], {})
    _, large = counted_call(_loop_in_thread, [1010], {})
    assert small is not None and large is not None
    assert large - small >= 2 * 1000


def test_a_call_past_the_limit_is_stopped_even_through_except_exception() -> None:
    def stubborn(n: int) -> int:
        try:
            return _loop(n)
        except Exception:
            return -1

    before = sys.gettrace()
    value, count = counted_call(stubborn, [10**9], {}, 5000)
    assert value is None and count == 5001
    assert sys.gettrace() is before  # whatever tracer ran before is back


def test_switching_the_tracer_off_gives_no_count() -> None:
    def sneaky(n: int) -> int:
        sys.settrace(None)
        return _loop(n)

    before = sys.gettrace(), threading.gettrace()
    assert counted_call(sneaky, [100], {}) == (4950, None)
    assert (sys.gettrace(), threading.gettrace()) == before
