"""An attribute path passed as an argument (``rig.model``) is looked up by the child in
the same request: one round trip, the same object, and the same errors as a lookup."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from mldrills.grading import Judge
from mldrills.judge.channel import Channel, Remote, Session, SubmissionError

CODE = """
class Box:
    def __init__(self):
        self.inner = [1, 2, 3]

box = Box()

def size(x):
    return len(x)

def same(a, b):
    return a is b
"""


@pytest.fixture
def session(judge: Judge) -> Iterator[Session]:
    with judge.claim(False) as server:
        channel: Channel = server.spawn(30, 256)
        try:
            s = Session(channel, time.monotonic() + 30)
            s.send({"op": "load", "source": CODE, "limits": channel.limits})
            yield s
        finally:
            server.finish(channel)


def test_an_attribute_path_argument_costs_no_extra_request(session: Session) -> None:
    box = Remote(session, {"name": "box"})
    before = session.channel.requests
    assert Remote(session, {"name": "size"})(box.inner) == 3
    assert session.channel.requests - before == 1
    kept = Remote(session, {"name": "box"})._as_ref()  # a kept object, then an attribute
    assert Remote(session, {"name": "same"})(box.inner, Remote(session, {"ref": kept.id}).inner)


def test_a_missing_attribute_is_the_submissions_error(session: Session) -> None:
    with pytest.raises(SubmissionError) as info:
        Remote(session, {"name": "size"})(Remote(session, {"name": "box"}).nothing)
    assert info.value.type == "AttributeError"
    with pytest.raises(SubmissionError) as missing:
        Remote(session, {"name": "size"})(Remote(session, {"name": "absent"}))
    assert missing.value.kind == "missing"
