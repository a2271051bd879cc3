"""Judge slots: first come, first served, and a replaced fork server outlives its grades."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from mldrills.judge import supervisor
from mldrills.judge.supervisor import Supervisor, TicketGate


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    """Wait (bounded) until ``condition`` holds; the test asserts order, never timing."""
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.001)


def _queue_in_order(gate: TicketGate, n: int, order: list[str]) -> list[threading.Thread]:
    """Start ``n`` threads that each take the gate, one after another has queued."""
    threads = []
    for i in range(n):

        def take(name: str = f"t{i}") -> None:
            with gate:
                order.append(name)

        t = threading.Thread(target=take)
        t.start()
        _wait_for(lambda n=i + 1: gate.waiting == n, f"thread {i} to queue")
        threads.append(t)
    return threads


def test_waiters_get_the_slot_in_arrival_order() -> None:
    gate = TicketGate(1)
    order: list[str] = []
    gate.acquire()
    threads = _queue_in_order(gate, 6, order)
    gate.release()
    # Asking again right after releasing must not jump the queue (a semaphore lets it).
    gate.acquire()
    order.append("main")
    gate.release()
    for t in threads:
        t.join(timeout=30)
    assert order == ["t0", "t1", "t2", "t3", "t4", "t5", "main"]


def test_two_slots_serve_the_queue_in_order() -> None:
    gate = TicketGate(2)
    order: list[str] = []
    gate.acquire()
    gate.acquire()
    threads = _queue_in_order(gate, 4, order)
    gate.release()
    threads[0].join(timeout=30)  # t0 had the freed slot and gave it on to t1, ...
    for t in threads:
        t.join(timeout=30)
    gate.release()
    assert order == ["t0", "t1", "t2", "t3"]
    assert gate.waiting == 0


def test_an_interrupted_waiter_leaves_the_queue() -> None:
    gate = TicketGate(1)
    gate.acquire()
    errors: list[BaseException] = []

    def impatient() -> None:
        try:
            gate.acquire()
        except KeyboardInterrupt as exc:
            errors.append(exc)

    # Simulate the interrupt by making the ticket's wait raise.
    real_event = threading.Event

    class Interrupted(real_event):  # type: ignore[valid-type,misc]
        def wait(self, timeout: float | None = None) -> bool:
            raise KeyboardInterrupt

    t = threading.Thread(target=impatient)  # its own start-up Event stays a real one
    supervisor.threading.Event = Interrupted  # type: ignore[misc]
    try:
        t.start()
        t.join(timeout=30)
    finally:
        supervisor.threading.Event = real_event  # type: ignore[misc]
    assert len(errors) == 1 and gate.waiting == 0
    gate.release()  # the slot is free again, not lost to the departed waiter
    gate.acquire()
    gate.release()
    with pytest.raises(ValueError, match="released more"):
        gate.release()


class FakeServer:
    """Stands in for a fork server: records when it is closed."""

    def __init__(self, *, preload_torch: bool, **config: Any) -> None:
        self.preload_torch = preload_torch
        self.users = 0
        self.closed = False
        self.layers: dict[str, dict[str, Any]] = {
            n: {"active": True, "detail": ""} for n in ("user", "landlock", "seccomp")
        }

    def alive(self) -> bool:
        return not self.closed

    def close(self) -> None:
        self.closed = True


def test_a_torch_upgrade_waits_for_grades_on_the_old_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(supervisor, "ForkServer", FakeServer)
    judge = Supervisor(isolation="auto", slots=2, preload_torch=False)
    with judge._serving(False) as old:
        with judge._serving(True) as new:
            assert new is not old and new.preload_torch
            assert not old.closed, "closed under a running grade"
        assert not old.closed
    assert old.closed and not new.closed
    judge.close()
    assert new.closed
