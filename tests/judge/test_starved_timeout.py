"""A child's time budget is time it could run: waiting for a busy CPU is forgiven.

The run-queue delay is faked here (the real one comes from /proc/PID/task/*/schedstat),
so the tests decide the same way on an idle or a loaded machine.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from mldrills.judge import channel as channel_mod
from mldrills.judge.channel import Channel, ChildTimeout, Session, run_queue_seconds
from mldrills.judge.wire import encode_plain, recv_frame, send_frame


@pytest.fixture
def stop() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()


@pytest.fixture
def pair(stop: threading.Event) -> Iterator[tuple[Channel, socket.socket]]:
    ours, theirs = socket.socketpair()
    chan = Channel(ours, os.getpid())
    yield chan, theirs
    stop.set()
    chan.close()
    theirs.close()


def _answer_after(sock: socket.socket, seconds: float, stop: threading.Event) -> threading.Thread:
    """A fake child that answers after ``seconds``, unless the test is over first."""

    def run() -> None:
        try:
            recv_frame(sock, 1 << 20)
            if stop.wait(seconds):
                return
            blobs: list[bytes] = []
            send_frame(sock, {"ok": True, "value": encode_plain(42, blobs)}, blobs)
        except OSError:  # the test closed the socket: nobody is listening any more
            return

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _fake_delay(monkeypatch: pytest.MonkeyPatch, step: float) -> None:
    """Each reading of the run-queue delay is ``step`` seconds more than the last."""
    state = {"delay": 0.0}

    def fake(pid: int) -> float:
        state["delay"] += step
        return state["delay"]

    monkeypatch.setattr(channel_mod, "run_queue_seconds", fake)


def test_a_starved_child_gets_the_time_it_waited(
    pair: tuple[Channel, socket.socket], monkeypatch: pytest.MonkeyPatch, stop: threading.Event
) -> None:
    chan, theirs = pair
    _fake_delay(monkeypatch, 0.3)  # the child keeps waiting for a core
    thread = _answer_after(theirs, 0.8, stop)
    assert chan.request({"op": "ping"}, [], 0.3) == 42
    assert chan.excused > 0
    thread.join(5)


def test_a_child_that_runs_or_sleeps_gets_no_extension(
    pair: tuple[Channel, socket.socket], monkeypatch: pytest.MonkeyPatch, stop: threading.Event
) -> None:
    chan, theirs = pair
    _fake_delay(monkeypatch, 0.0)  # it had the CPU whenever it wanted it
    _answer_after(theirs, 3.0, stop)
    with pytest.raises(ChildTimeout):
        chan.request({"op": "ping"}, [], 0.3)
    assert chan.excused == 0


def test_the_extension_is_capped(
    pair: tuple[Channel, socket.socket], monkeypatch: pytest.MonkeyPatch, stop: threading.Event
) -> None:
    chan, theirs = pair
    _fake_delay(monkeypatch, 10.0)  # an absurd delay still ends at MAX_STRETCH x budget
    _answer_after(theirs, 30.0, stop)
    with pytest.raises(ChildTimeout):
        chan.request({"op": "ping"}, [], 0.2)
    assert chan.excused <= 0.2 * channel_mod.MAX_STRETCH


def test_a_session_deadline_moves_with_the_excused_time(
    pair: tuple[Channel, socket.socket],
) -> None:
    chan, _ = pair
    session = Session(chan, time.monotonic() + 1.0)
    before = session.remaining()
    chan.excused += 5.0
    assert session.remaining() > before + 4.0


def test_run_queue_delay_is_read_for_a_live_process() -> None:
    assert run_queue_seconds(os.getpid()) >= 0.0
    assert run_queue_seconds(2**22 + 12345) == 0.0  # no such process: no extension
