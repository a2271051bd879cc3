"""The console: run the learner's code on a typed input, next to the reference's answer.

Both run in sandboxed children of the judge's fork server, one after the other, on the
same values (parsed here by ``console_input``, never evaluated): the learner's code in
one child, the reference in another. For every line that calls into the code, each side
reports the value (a bounded repr), its type, shape and dtype, the wall and CPU time,
what it printed, or what went wrong (exception with its line, timeout, memory). Whether
the two agree is said as information: the checks, not the console, decide a verdict.
Nothing here is recorded.
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from mldrills.errors import InvalidInput
from mldrills.grading import console_input
from mldrills.grading.console_input import Call, Pack, Script, Seed, Statement, Value, Var
from mldrills.grading.results import MAX_CODE_BYTES, cap
from mldrills.grading.steps import Spawner, _load, _LoadFailed
from mldrills.judge.channel import (
    Channel,
    ChildDied,
    ChildTimeout,
    Remote,
    Session,
    SubmissionError,
)
from mldrills.judge.supervisor import describe_death
from mldrills.judge.wire import WireError

REPR_CHARS = 3000  # characters of a value's repr shown
OUTPUT_CHARS = 2000  # characters of printed output shown per line
REPLY_BYTES = 8_000_000  # a console reply larger than this is refused unread
NOT_RUN = "not run"


@dataclass
class Outcome:
    """What one side did on one line: a value, or an error, or nothing (not run)."""

    status: str  # "ok", "error" or "not run"
    value: str = ""  # bounded repr
    type: str = ""
    shape: list[int] | None = None
    dtype: str | None = None
    wall_ms: float | None = None
    cpu_ms: float | None = None
    output: str = ""
    error: dict[str, Any] | None = None  # kind, type, message, line


@dataclass
class Row:
    """One line of the input that ran code: both sides and whether they agree."""

    line: int
    statement: str
    yours: Outcome
    reference: Outcome
    agree: bool | None = None  # None: not comparable (an error, an object, not run)
    note: str = ""


@dataclass
class ConsoleResult:
    """Every line's outcome; ``load_error`` when the learner's file could not be loaded."""

    slug: str
    rows: list[Row] = field(default_factory=list)
    load_error: str = ""
    reference_error: str = ""
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the API's body and the CLI's ``--json``)."""
        return asdict(self)


# ----------------------------------------------------------------------------- run
def run_console(
    server: Spawner,
    exercise: Any,
    code: str,
    text: str,
    *,
    script: Script | None = None,
    seconds: float | None = None,
) -> ConsoleResult:
    """Run ``text`` against ``code`` and against the reference, each in its own child.

    Each side has the exercise's ``check_seconds`` for all its lines (or ``seconds``
    when lower).
    """
    if len(code.encode("utf-8", errors="replace")) > MAX_CODE_BYTES:
        raise InvalidInput(f"code is larger than {MAX_CODE_BYTES // 1000} KB")
    if not code.strip():
        raise InvalidInput("the code is empty", hint="send the whole solution file")
    script = script or console_input.parse(text, exercise.meta.entrypoints)
    t0 = time.perf_counter()
    result = ConsoleResult(exercise.slug)
    limit = float(exercise.meta.limits.check_seconds)
    limit = min(limit, seconds) if seconds is not None else limit
    yours = _Side(server, exercise, code, learner=True, seconds=limit)
    mine = yours.run(script)
    result.load_error = yours.load_error
    if yours.forbidden:
        result.notes.append(
            "your code used " + ", ".join(yours.forbidden) + ", which this exercise does not "
            "allow: the checks will fail it"
        )
    reference = _Side(server, exercise, exercise.reference_source(), learner=False, seconds=limit)
    theirs = reference.run(script)
    result.reference_error = reference.load_error
    calls = [s for s in script.statements if isinstance(s.expr, Call)]
    for statement, a, b in zip(calls, mine, theirs, strict=True):
        agree, note = compare(a, b) if a[0].status == b[0].status == "ok" else (None, "")
        result.rows.append(Row(statement.line, statement.text, a[0], b[0], agree, note))
    result.timings = {"total_ms": round((time.perf_counter() - t0) * 1000, 1)}
    return result


class _Side:
    """One child running the script: the learner's code, or the reference."""

    def __init__(
        self, server: Spawner, exercise: Any, code: str, *, learner: bool, seconds: float
    ) -> None:
        self.server, self.exercise, self.code, self.learner = server, exercise, code, learner
        self.seconds = seconds
        self.limits = exercise.meta.limits
        self.load_error = ""
        self.forbidden: list[str] = []
        self.stopped = ""  # why the remaining lines are not run
        self.finished = False  # the child was already stopped (after a timeout or death)

    def run(self, script: Script) -> list[tuple[Outcome, Any]]:
        """Each calling line's outcome and raw value (None when it has none)."""
        seconds = self.seconds
        channel = self.server.spawn(int(seconds) + 2, self.limits.memory_mb)
        channel.reply_limit = min(channel.reply_limit, REPLY_BYTES)
        if channel.limits is not None:
            channel.limits = {**channel.limits, "reply_bytes": channel.reply_limit}
        out: list[tuple[Outcome, Any]] = []
        try:
            if self._load(channel, seconds):
                session = Session(channel, time.monotonic() + seconds)
                env: dict[str, Any] = {}
                for statement in script.statements:
                    got = self._statement(channel, session, env, statement)
                    if got is not None:
                        out.append(got)
            else:
                n = sum(isinstance(s.expr, Call) for s in script.statements)
                out = [(Outcome(NOT_RUN, error=_message(self.load_error)), None)] * n
        finally:
            self.forbidden = sorted(set(channel.forbidden))
            if not self.finished:
                self.server.finish(channel)
        return out

    def _load(self, channel: Channel, seconds: float) -> bool:
        try:
            if self.learner:
                _load(self.server, channel, self.exercise, self.code, seconds)
            else:  # the reference may use what the learner may not: no guard
                Session(channel, time.monotonic() + seconds).send(
                    {"op": "load", "source": self.code, "limits": channel.limits}
                )
        except _LoadFailed as exc:
            self.load_error = str(exc)
            return False
        except (SubmissionError, ChildTimeout, ChildDied) as exc:
            self.load_error = (
                f"the reference failed to load ({type(exc).__name__}); please report it"
            )
            return False
        channel.take_output()
        return True

    def _statement(
        self, channel: Channel, session: Session, env: dict[str, Any], statement: Statement
    ) -> tuple[Outcome, Any] | None:
        expr = statement.expr
        if isinstance(expr, Value):
            if statement.target:
                env[statement.target] = expr.value
            return None
        if isinstance(expr, Seed):
            if not self.stopped:
                try:
                    session.helper("manual_seed", expr.seed)
                except (SubmissionError, ChildTimeout, ChildDied, WireError) as exc:
                    self.stopped = f"seeding failed ({type(exc).__name__})"
            return None
        if isinstance(expr, Var | Pack):
            if statement.target:
                env[statement.target] = _resolve(expr, env)
            return None
        if self.stopped:
            if statement.target:
                env[statement.target] = _Missing(statement.target, self.stopped)
            return Outcome(NOT_RUN, error=_message(self.stopped)), None
        outcome, value = self._call(channel, session, env, expr)
        if statement.target:
            env[statement.target] = (
                value if outcome.status == "ok" else _Missing(statement.target, "its line failed")
            )
        return outcome, value

    def _call(
        self, channel: Channel, session: Session, env: dict[str, Any], expr: Call
    ) -> tuple[Outcome, Any]:
        start, cpu0 = time.perf_counter(), channel.cpu_seconds()
        wall = cpu = None
        try:
            value = _evaluate(session, env, expr)
            wall = (time.perf_counter() - start) * 1000
            cpu1 = channel.cpu_seconds()
            cpu = (cpu1 - cpu0) * 1000 if cpu0 is not None and cpu1 is not None else None
            kind = value.type_name if isinstance(value, Remote) else ""
            if isinstance(value, Remote):  # fetch what came back, by its own type's name
                value = value._get() if _is_plain(kind) else value
        except _Undefined as exc:
            return Outcome("error", error={"kind": "input", "message": str(exc)}), None
        except SubmissionError as exc:
            return self._failed(channel, self._raised(exc), start), None
        except ChildTimeout:
            self.stopped = "not run: the process was stopped after a timeout"
            error = {
                "kind": "timeout",
                "message": f"did not finish within {self.seconds:g} s (the console's time for "
                "all its lines, the exercise's time per check)",
            }
            self.finished = True
            self.server.finish(channel)
            return self._failed(channel, error, start), None
        except ChildDied:
            self.finished = True
            how = describe_death(self.server.finish(channel))
            self.stopped = "not run: the process had ended"
            return self._failed(channel, {"kind": "died", "message": how}, start), None
        outcome = describe(value, kind)
        outcome.wall_ms = round(wall, 3) if wall is not None else None
        outcome.cpu_ms = round(cpu, 3) if cpu is not None else None
        printed = channel.take_output()
        outcome.output = cap(printed, OUTPUT_CHARS) if self.learner else ""
        return outcome, value

    def _raised(self, exc: SubmissionError) -> dict[str, Any]:
        """The error as data; the reference's lines never leave here (they are its source)."""
        if not self.learner:
            text = f"{exc.type}: {exc.message}".rstrip(": ")
            return {"kind": exc.kind, "type": exc.type, "message": text, "line": None}
        return {
            "kind": exc.kind,
            "type": exc.type,
            "message": exc.describe(),
            "line": exc.where[-1][0] if exc.where else None,
        }

    def _failed(self, channel: Channel, error: dict[str, Any], start: float) -> Outcome:
        wall = round((time.perf_counter() - start) * 1000, 3)
        output = cap(channel.take_output(), OUTPUT_CHARS) if self.learner else ""
        return Outcome("error", wall_ms=wall, output=output, error=error)


class _Undefined(Exception):
    """A line uses a name whose own line did not run."""


@dataclass(frozen=True)
class _Missing:
    name: str
    why: str


def _message(text: str) -> dict[str, Any]:
    return {"kind": "not run", "message": text}


def _resolve(expr: Any, env: dict[str, Any]) -> Any:
    if isinstance(expr, Value):
        return expr.value
    if isinstance(expr, Var):
        value = env.get(expr.name)
        if isinstance(value, _Missing):
            raise _Undefined(f"`{value.name}` has no value: {value.why}")
        return value
    if isinstance(expr, Pack):
        if expr.kind == "dict":
            return {_resolve(k, env): _resolve(v, env) for k, v in expr.items}
        items = [_resolve(i, env) for i in expr.items]
        return items if expr.kind == "list" else tuple(items)
    raise _Undefined("a call inside a call's arguments: assign it to a name first")


def _evaluate(session: Session, env: dict[str, Any], expr: Call) -> Any:
    """Send one call (or attribute read); the result stays in the child as a Remote."""
    if expr.var:
        base = env.get(expr.root)
        if isinstance(base, _Missing):
            raise _Undefined(f"`{base.name}` has no value: {base.why}")
        if not isinstance(base, Remote):
            raise _Undefined(
                f"`{expr.root}` holds data, not an object of your code: only objects have "
                "methods here"
            )
        target: Remote = base
    else:
        target = Remote(session, {"name": expr.root})
    for attr in expr.attrs:
        target = getattr(target, attr)
    if not expr.call:
        out = session.send({"op": "get", "target": target._target, "want": "ref"})
        return out
    args = [_resolve(a, env) for a in expr.args]
    kwargs = {k: _resolve(v, env) for k, v in expr.kwargs}
    return target._keep(*args, **kwargs)


_PLAIN = {"int", "float", "bool", "str", "NoneType", "list", "tuple", "dict", "ndarray", "Tensor"}


def _is_plain(type_name: str) -> bool:
    return type_name in _PLAIN or type_name.startswith(("float", "int", "uint", "bool", "str_"))


# ----------------------------------------------------------------------------- present
_TYPE_NAMES = {"ndarray": "numpy.ndarray", "Tensor": "torch.Tensor", "NoneType": "None"}


def describe(value: Any, kind: str = "") -> Outcome:
    """The outcome for a value: bounded repr, type, shape, dtype."""
    type_name = _TYPE_NAMES.get(kind, kind) or type(value).__name__
    if isinstance(value, Remote):
        return Outcome("ok", value=f"<{value.type_name or 'object'} object>", type=type_name)
    if type_name.startswith(("float", "int", "uint", "bool")) and isinstance(value, np.generic):
        type_name = f"numpy.{type_name}"
    shape = list(np.shape(value)) if isinstance(value, np.ndarray | np.generic) else None
    dtype = str(value.dtype) if isinstance(value, np.ndarray | np.generic) else None
    if kind == "Tensor" and dtype is not None:
        dtype = f"torch.{dtype}"
    if shape is None and isinstance(value, list | tuple):
        shape = _nested_shape(value)
    return Outcome("ok", value=bounded_repr(value), type=type_name, shape=shape, dtype=dtype)


def _nested_shape(value: Any) -> list[int] | None:
    """The shape of a rectangular list of numbers (``[[1, 2], [3, 4]]``: [2, 2]), else None."""
    try:
        arr = np.array(value)
    except (ValueError, TypeError):
        return None
    return list(arr.shape) if arr.dtype.kind in "biuf" and arr.ndim > 1 else None


def bounded_repr(value: Any) -> str:
    """``repr`` with numpy's summarising print options, cut at ``REPR_CHARS``."""
    with np.printoptions(threshold=200, edgeitems=3, linewidth=88, precision=6):
        text = repr(value)
    if len(text) > REPR_CHARS:
        text = text[:REPR_CHARS] + f" ... [{len(text) - REPR_CHARS} more characters]"
    return text


# ----------------------------------------------------------------------------- agree
def tolerance(a: Any, b: Any) -> tuple[float, float]:
    """rtol, atol: looser for float16/32 values, numpy's defaults-like for float64."""
    low = any(
        isinstance(x, np.ndarray | np.generic) and x.dtype in (np.float16, np.float32)
        for x in (a, b)
    )
    return (1e-4, 1e-5) if low else (1e-6, 1e-9)


def compare(a: tuple[Outcome, Any], b: tuple[Outcome, Any]) -> tuple[bool | None, str]:
    """Whether two values agree (close for floats, exact otherwise), and a note on types."""
    va, vb = a[1], b[1]
    if isinstance(va, Remote) or isinstance(vb, Remote):
        return None, "objects of the code are not compared"
    notes = []
    if a[0].type != b[0].type:
        notes.append(f"types differ: {a[0].type} vs {b[0].type}")
    if a[0].dtype and b[0].dtype and a[0].dtype != b[0].dtype:
        notes.append(f"dtypes differ: {a[0].dtype} vs {b[0].dtype}")
    try:
        same = _agree(va, vb, 0)
    except Exception:  # hostile shapes or values: not comparable, never a crash
        return None, "these values cannot be compared"
    return same, "; ".join(notes)


def _agree(a: Any, b: Any, depth: int) -> bool:
    if depth > 32:
        return False
    arrays = isinstance(a, np.ndarray | np.generic) or isinstance(b, np.ndarray | np.generic)
    if arrays or (_numberish(a) and _numberish(b) and (_floaty(a) or _floaty(b))):
        x, y = np.asarray(a), np.asarray(b)
        if x.shape != y.shape or x.dtype.kind not in "biuf" or y.dtype.kind not in "biuf":
            return False
        if x.dtype.kind == "f" or y.dtype.kind == "f":
            rtol, atol = tolerance(a, b)
            return bool(np.allclose(x, y, rtol=rtol, atol=atol, equal_nan=True))
        return bool(np.array_equal(x, y))
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_agree(x, y, depth + 1) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_agree(a[k], b[k], depth + 1) for k in a)
    if type(a) is float or type(b) is float:
        return False
    return type(a) is type(b) and bool(a == b)


def _numberish(x: Any) -> bool:
    return type(x) in (int, float, bool)


def _floaty(x: Any) -> bool:
    return type(x) is float


# ----------------------------------------------------------------------------- entry points
def console(judge: Any, exercise: Any, code: str, text: str) -> ConsoleResult:
    """Parse ``text`` (before claiming a slot), then run it on a slot of ``judge``."""
    script = console_input.parse(text, exercise.meta.entrypoints)
    with judge.claim(exercise.meta.needs_torch) as server:
        return run_console(server, exercise, code, text, script=script)


_EXAMPLES: dict[tuple[str, str], str] = {}
_EXAMPLES_LOCK = threading.Lock()


def example(judge: Any, exercise: Any) -> str:
    """The exercise's example input: meta.toml's ``console``, else one taken from the
    first visible checks' calls (computed once per version of its checks, then kept)."""
    if exercise.meta.console:
        return str(exercise.meta.console)
    key = (str(exercise.path), _version(exercise))
    with _EXAMPLES_LOCK:
        if key in _EXAMPLES:
            return _EXAMPLES[key]
    from mldrills.grading.console_example import find_example

    with judge.claim(exercise.meta.needs_torch) as server:
        text = find_example(server, exercise)
    if not text:
        # No check's calls can be written as console text. Not kept: a child that died
        # meanwhile may be the reason, and the next request tries again.
        return (
            f"# {', '.join(exercise.meta.entrypoints)}: the checks call these with objects "
            "the console cannot build\n# (a model, a data loader...); write calls whose "
            "arguments are data, if there are any."
        )
    with _EXAMPLES_LOCK:
        _EXAMPLES[key] = text
    return text


def _version(exercise: Any) -> str:
    stamps = []
    for name in ("tests.py", "solution.py"):
        try:
            stamps.append(str((exercise.path / name).stat().st_mtime_ns))
        except OSError:
            stamps.append("-")
    return ":".join(stamps)
