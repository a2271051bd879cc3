"""Replies from the child are bounded and never break the supervisor (issue 12, item 10).

A reply larger than the setting is refused from its length prefix, unread, and the
check fails with its size; a reply under it costs about its own size here; any bytes at
all from the child end as the submission's error, never as an unhandled exception.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import struct
import threading
import tracemalloc
from collections.abc import Callable, Iterator

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mldrills.judge.channel import Channel, ChildDied, ChildTimeout, SubmissionError
from mldrills.judge.wire import array_to_npy, recv_frame, send_frame

_HDR = struct.Struct("!IQ")


@pytest.fixture
def fake_child() -> Iterator[Callable[[Callable[[socket.socket], None]], Channel]]:
    """A Channel whose 'child' is a thread running ``reply(sock)`` after one request."""
    started: list[tuple[threading.Thread, socket.socket, Channel]] = []

    def make(reply: Callable[[socket.socket], None]) -> Channel:
        ours, theirs = socket.socketpair()

        def child() -> None:
            try:
                recv_frame(theirs)
                reply(theirs)
            except OSError:
                pass  # the supervisor closed its end: expected after a refusal

        t = threading.Thread(target=child, daemon=True)
        t.start()
        chan = Channel(ours, os.getpid(), {"cpu_seconds": 5, "memory_mb": 64})
        started.append((t, theirs, chan))
        return chan

    yield make
    for t, theirs, chan in started:
        chan.close()
        theirs.close()
        t.join(10)


def _ask(chan: Channel) -> object:
    return chan.request({"op": "call", "target": {"name": "f"}}, [], timeout=10)


def test_a_huge_return_value_fails_with_its_size(grade, assert_healthy, monkeypatch) -> None:
    monkeypatch.setenv("MLDRILLS_JUDGE_REPLY_MB", "8")
    code = "import numpy as np\ndef solve(x):\n    return np.ones(2_500_000)\n"  # 20 MB
    res = grade(code)
    assert res["status"] == "fail"
    message = res["checks"][0]["message"]
    assert "20 MB" in message and "the limit is 8.0 MB" in message, message
    assert_healthy()


def test_an_announced_256_mib_reply_is_refused_unread(fake_child) -> None:
    chunk = bytes(1 << 20)

    def flood(sock: socket.socket) -> None:
        sock.sendall(_HDR.pack(16, 256 << 20))
        for _ in range(256):
            sock.sendall(chunk)

    chan = fake_child(flood)
    tracemalloc.start()
    try:
        with pytest.raises(SubmissionError) as err:
            _ask(chan)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "268 MB; the limit is 64 MB" in err.value.describe()
    assert peak < 8 << 20, f"the supervisor allocated {peak >> 20} MiB for a refused reply"
    assert not chan.alive


def test_a_reply_under_the_limit_costs_about_its_size(fake_child) -> None:
    arr = np.ones((48 << 20) // 8)
    blob = array_to_npy(arr)
    chan = fake_child(lambda s: send_frame(s, {"ok": True, "value": {"$a": 0}}, [blob]))
    tracemalloc.start()
    try:
        got = _ask(chan)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(got, np.ndarray) and np.array_equal(got, arr)
    assert peak < 1.5 * arr.nbytes, f"{peak >> 20} MiB to receive {arr.nbytes >> 20} MiB"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "ok",
                    "value",
                    "$a",
                    "$T",
                    "$f",
                    "$t",
                    "$lt",
                    "$m",
                    "$r",
                    "scalar",
                    "type",
                    "kind",
                    "where",
                    "message",
                    "out",
                    "lines",
                    "blobs",
                ]
            )
            | st.text(max_size=4),
            inner,
            max_size=4,
        )
    ),
    max_leaves=20,
)


def _frame(header: object, blobs: list[bytes]) -> bytes:
    head = json.dumps(header).encode()
    return _HDR.pack(len(head), len(head) + sum(map(len, blobs))) + head + b"".join(blobs)


_npy = st.one_of(
    st.binary(max_size=64),
    st.just(array_to_npy(np.arange(6.0).reshape(2, 3))),
    st.builds(lambda b: array_to_npy(np.arange(4))[:b], st.integers(0, 200)),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=_json | st.fixed_dictionaries({"ok": st.just(True), "value": _json}),
    blobs=st.lists(_npy, max_size=3),
    raw=st.one_of(st.none(), st.binary(max_size=64)),
)
def test_any_reply_is_a_verdict_never_a_crash(fake_child, value, blobs, raw) -> None:
    if raw is not None:
        data = raw  # arbitrary bytes, length prefix included
    else:
        header = value if not isinstance(value, dict) else {**value}
        if isinstance(header, dict) and "blobs" not in header:
            header["blobs"] = [len(b) for b in blobs]
        data = _frame(header, blobs)

    def reply(sock: socket.socket) -> None:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)

    chan = fake_child(reply)
    with contextlib.suppress(ChildDied, SubmissionError, ChildTimeout):
        _ask(chan)
