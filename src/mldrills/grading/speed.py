"""The timing step after a pass: the solution next to the reference on the checks' inputs.

While the visible checks run, ``RecordingSession`` keeps the plain-data calls they make
to the exercise's entry points. After a pass, ``measure`` loads the reference into the
same child beside the solution and times both on the largest of those inputs: CPU time
of the child read from the kernel around one request that repeats the call, solution
and reference alternating, the minimum of a few rounds kept. It is information only:
nothing here changes the verdict, and any trouble just leaves the figure out.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from mldrills.grading.results import Speed
from mldrills.judge.channel import (
    Channel,
    ChildDied,
    ChildTimeout,
    Remote,
    Session,
    SubmissionError,
)
from mldrills.judge.wire import WireError

MAX_RECORDED = 40  # calls kept per grade
# Chosen by benchmarks/speed_step_cost.py over all exercises, side by side with the
# earlier 3 inputs / 5 rounds / 2 ms / 60 ms: the step's cost fell from p50 48 ms to
# 26 ms while the reference-against-itself spread (max/min, p90 over exercises) went
# from 1.08 to 1.10.
TIMED_INPUTS = 2  # the largest inputs are timed
ROUNDS = 4  # solution/reference pairs per input, at most
TARGET_S = 0.0015  # one timed request aims at this much CPU (repeats the call to get there)
MAX_REPEATS = 5000
BUDGET_S = 0.025  # wall time the whole step may take, beyond the first round


@dataclass(frozen=True)
class Call:
    """One call a visible check made: entry point and plain-data arguments."""

    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    size: float


def _size(value: Any, depth: int = 0) -> float:
    """Rough bytes of an argument; NaN when it holds a child-side object (not replayable)."""
    if isinstance(value, Remote):
        return math.nan
    if isinstance(value, np.ndarray | np.generic):
        return float(value.nbytes)
    if hasattr(value, "array") and hasattr(value, "requires_grad"):  # a TensorArg
        return float(np.asarray(value.array).nbytes)
    if depth > 6:
        return 8.0
    if isinstance(value, list | tuple):
        if len(value) > 2000 and all(type(v) in (int, float, bool) for v in value[:50]):
            return 8.0 * len(value)
        return sum((_size(v, depth + 1) for v in value), 8.0)
    if isinstance(value, dict):
        return sum((_size(v, depth + 1) for v in value.values()), 8.0)
    if isinstance(value, str | bytes):
        return float(len(value))
    return 8.0


def _holds_remote(value: Any) -> bool:
    if isinstance(value, Remote):
        return True
    if isinstance(value, list | tuple):
        return any(isinstance(v, Remote) for v in value[:50])
    if isinstance(value, dict):
        return any(isinstance(v, Remote) for v in value.values())
    return False


class RecordingSession(Session):
    """A session that also keeps the replayable calls a check makes to the entry points."""

    def __init__(
        self, channel: Channel, deadline: float, names: tuple[str, ...], calls: list[Call]
    ) -> None:
        super().__init__(channel, deadline)
        self.names = names
        self.calls = calls

    def send(self, header: dict[str, Any], args: Any = None) -> Any:
        """Send as usual; a plain call to an entry point that returned data is kept."""
        target = header.get("target")
        value = super().send(header, args)
        name = target.get("name") if isinstance(target, dict) and set(target) == {"name"} else None
        wanted = (
            header.get("op") == "call"
            and not header.get("count")
            and name in self.names
            and isinstance(args, dict)
            and len(self.calls) < MAX_RECORDED
        )
        if wanted and isinstance(args, dict) and not _holds_remote(value):
            call_args = tuple(args.get("args", ()))
            kwargs = dict(args.get("kwargs", {}))
            size = _size(call_args) + _size(kwargs)
            if not math.isnan(size):
                self.calls.append(Call(str(name), call_args, kwargs, size))
        return value


def pick(calls: list[Call]) -> list[Call]:
    """The largest distinct inputs, at most TIMED_INPUTS of them."""
    chosen: list[Call] = []
    seen: set[tuple[str, float]] = set()
    for call in sorted(calls, key=lambda c: -c.size):
        key = (call.name, call.size)
        if key not in seen:
            seen.add(key)
            chosen.append(call)
        if len(chosen) == TIMED_INPUTS:
            break
    return chosen


class _Timer:
    """Times one request at a time in the child by its kernel CPU clock (wall as fallback)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.channel = session.channel

    def run(self, fn: Remote, call: Call, times: int) -> float:
        cpu0, wall0 = self.channel.cpu_seconds(), time.perf_counter()
        self.session.send(
            {"op": "helper", "name": "repeat_call"},
            {"args": [fn, list(call.args), dict(call.kwargs), times]},
        )
        cpu1, wall1 = self.channel.cpu_seconds(), time.perf_counter()
        if cpu0 is not None and cpu1 is not None:
            return (cpu1 - cpu0) / times
        return (wall1 - wall0) / times


def _entry(session: Session, name: str) -> Remote:
    out = session.send({"op": "get", "target": {"name": name}, "want": "ref"})
    if not isinstance(out, Remote):
        raise WireError(f"{name} did not come back as a reference")
    return out


def _time_one(
    timer: _Timer, sub: Remote, ref: Remote, call: Call, stop: float
) -> tuple[float, float, int]:
    """Best per-call seconds of solution and reference on one input, and the rounds run."""
    first_sub = timer.run(sub, call, 1)  # also warms caches for both sides
    first_ref = timer.run(ref, call, 1)
    # The per-request overhead hides a fast call: repeat it until a request takes about
    # TARGET_S, re-estimating as the overhead's share shrinks.
    times, per = 1, min(first_sub, first_ref)
    while times < MAX_REPEATS and per * times < TARGET_S / 2:
        times = min(MAX_REPEATS, max(times * 2, int(TARGET_S / max(per, 1e-8))))
        per = timer.run(ref, call, times)
    best_sub, best_ref, rounds = first_sub, first_ref, 0
    while rounds < ROUNDS and (rounds < 2 or time.monotonic() < stop):
        # Who goes first alternates (sub-ref, ref-sub, ...): what the first of a pair
        # pays or gains (caches, a frequency step) falls on both sides alike.
        if rounds % 2:
            best_ref = min(best_ref, timer.run(ref, call, times))
            best_sub = min(best_sub, timer.run(sub, call, times))
        else:
            best_sub = min(best_sub, timer.run(sub, call, times))
            best_ref = min(best_ref, timer.run(ref, call, times))
        rounds += 1
    return best_sub, best_ref, rounds


def measure(channel: Channel, exercise: Any, calls: list[Call]) -> Speed | None:
    """Time the loaded solution against the reference on the recorded inputs, or None."""
    chosen = pick(calls)
    if not chosen or not channel.alive:
        return None
    start = time.monotonic()
    session = Session(channel, start + 3.0)
    try:
        subs = {c.name: _entry(session, c.name) for c in chosen}
        session.send({"op": "load", "source": exercise.reference_source()})
        refs = {c.name: _entry(session, c.name) for c in chosen}
        timer = _Timer(session)
        stop = start + BUDGET_S
        sub_s = ref_s = 0.0
        rounds = ROUNDS
        for call in chosen:
            s, r, n = _time_one(timer, subs[call.name], refs[call.name], call, stop)
            sub_s, ref_s, rounds = sub_s + s, ref_s + r, min(rounds, n)
    except (SubmissionError, ChildTimeout, ChildDied, WireError, OSError):
        return None  # the figure is left out; the verdict stands as it is
    finally:
        channel.take_output()  # what either side printed while timed is nobody's output
        channel.forbidden.clear()  # the reference may use what the learner may not
    if ref_s <= 0 or sub_s <= 0:
        return None
    return Speed(
        ratio=round(sub_s / ref_s, 3),
        solution_ms=round(sub_s * 1000, 4),
        reference_ms=round(ref_s * 1000, 4),
        inputs=len(chosen),
        repeats=rounds,
        cost_ms=round((time.monotonic() - start) * 1000, 1),
    )
