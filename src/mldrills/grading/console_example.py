"""An example console input per exercise, taken from what its first visible checks call.

The visible checks run once on the reference, in a sandboxed child, through a session
that writes down the calls they make: a function's arguments, or a class built and its
methods called. The first check whose calls can be written as console text (plain data,
small arrays, objects made by an earlier call) gives the example. Visible checks draw
the same inputs every run, so the example is the same every time.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from mldrills.checks.core import Trial
from mldrills.grading import console_input
from mldrills.grading.steps import Spawner, exercise_checks
from mldrills.judge.channel import ChildDied, ChildTimeout, Remote, Session, SubmissionError
from mldrills.judge.wire import TensorArg, WireError

MAX_EXAMPLE = 1200  # characters of example text
MAX_LINES = 6
MAX_ARRAY = 32  # elements of one float array written out; a larger one is drawn at random
MAX_INTS = 128  # elements of one integer or boolean array written out
SECONDS = 5.0  # all checks tried, at most


class _Unwritable(Exception):
    """A value the console syntax cannot write (or would write too long)."""


class _Recorder(Session):
    """Writes the calls a check makes as console lines."""

    def __init__(self, session_args: tuple[Any, float], entrypoints: tuple[str, ...]) -> None:
        super().__init__(*session_args)
        self.entrypoints = entrypoints
        self.lines: list[str] = []
        self.names: dict[int, str] = {}  # ref id -> variable name
        self.broken = False  # a call that cannot be written: the lines so far are kept

    def send(self, header: dict[str, Any], args: Any = None) -> Any:
        """Send as usual; write the call down when it can be written."""
        value = super().send(header, args)
        if self.broken or header.get("op") != "call" or len(self.lines) >= MAX_LINES:
            return value
        try:
            line = self._line(header.get("target") or {}, args or {}, value)
        except _Unwritable:
            self.broken = True
            return value
        if line:
            self.lines.append(line)
        return value

    def _line(self, target: dict[str, Any], args: dict[str, Any], value: Any) -> str:
        if set(target) == {"name"} and target["name"] in self.entrypoints:
            head = str(target["name"])
        elif "ref" in target and int(target["ref"]) in self.names:
            head = ".".join([self.names[int(target["ref"])], *map(str, target.get("attr", []))])
            if any(a.startswith("_") for a in target.get("attr", [])):
                raise _Unwritable
        else:
            raise _Unwritable
        parts = [write(a) for a in args.get("args", [])]
        parts += [f"{k}={write(v)}" for k, v in dict(args.get("kwargs", {})).items()]
        text = f"{head}({', '.join(parts)})"
        if isinstance(value, Remote) and set(value._target) == {"ref"}:
            name = _var_name(value.type_name, len(self.names))
            self.names[int(value._target["ref"])] = name
            text = f"{name} = {text}"
        return text


def _var_name(type_name: str, n: int) -> str:
    base = "".join(c for c in type_name.lower() if c.isalnum()) or "obj"
    if not base[0].isalpha() or base in ("np", "torch"):
        base = "obj"
    return base if n == 0 else f"{base}{n + 1}"


def write(value: Any, depth: int = 0) -> str:
    """``value`` as console text (what the parser reads back), or ``_Unwritable``."""
    if depth > 8:
        raise _Unwritable
    if isinstance(value, Remote):
        raise _Unwritable
    if isinstance(value, TensorArg):
        arr = np.asarray(value.array)
        grad = ", requires_grad=True" if value.requires_grad else ""
        if _drawn(arr):
            return f"torch.randn({', '.join(map(str, arr.shape))}, dtype=torch.{arr.dtype}{grad})"
        return f"torch.tensor({_list(arr)}, dtype=torch.{arr.dtype}{grad})"
    if isinstance(value, np.ndarray):
        dtype = "" if value.dtype in (np.float64, np.int64) else f", dtype=np.{value.dtype}"
        if _drawn(value):
            shape = value.shape[0] if value.ndim == 1 else value.shape
            return f"np.random.default_rng(0).normal(size={shape}){_astype(value)}"
        return f"np.array({_list(value)}{dtype})"
    if isinstance(value, np.generic):
        value = value.item()
    if type(value) is float:
        return repr(value) if math.isfinite(value) else f'float("{value}")'
    if value is None or type(value) in (int, bool, str):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(write(v, depth + 1) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(write(v, depth + 1) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        items = ", ".join(f"{write(k, depth + 1)}: {write(v, depth + 1)}" for k, v in value.items())
        return "{" + items + "}"
    raise _Unwritable


def _drawn(arr: np.ndarray) -> bool:
    """Whether to write a float array as a random draw of its shape (too long to list)."""
    limit = console_input.MAX_ELEMENTS // 10
    return arr.dtype.kind == "f" and MAX_ARRAY < arr.size <= limit and arr.ndim > 0


def _astype(arr: np.ndarray) -> str:
    return "" if arr.dtype == np.float64 else f".astype(np.{arr.dtype})"


def _list(arr: np.ndarray) -> str:
    limit = MAX_ARRAY if arr.dtype.kind == "f" else MAX_INTS
    if arr.size > limit or arr.dtype.kind not in "biuf" or arr.ndim == 0:
        raise _Unwritable
    if arr.dtype.kind == "f":
        values = np.round(arr.astype(np.float64), 4).tolist()
        return write(values) if not np.isfinite(arr).all() else repr(values)
    return repr(arr.tolist())


def find_example(server: Spawner, exercise: Any) -> str:
    """The console text for ``exercise`` from its first writable visible check, or ''."""
    entry = tuple(exercise.meta.entrypoints)
    limits = exercise.meta.limits
    channel = server.spawn(int(SECONDS) + 2, limits.memory_mb)
    stop = time.monotonic() + SECONDS
    try:
        Session(channel, time.monotonic() + limits.check_seconds).send(
            {"op": "load", "source": exercise.reference_source(), "limits": channel.limits}
        )
        for check in exercise_checks(exercise, hidden=False):
            if time.monotonic() > stop or not channel.alive:
                break
            recorder = _Recorder((channel, min(stop, time.monotonic() + 2.0)), entry)
            try:
                check.fn(Trial(recorder, exercise.reference, exercise.slug, check, 0))
            except (SubmissionError, ChildTimeout, ChildDied, WireError):
                pass
            except Exception:  # a check failing on its own input: its calls still count
                pass
            channel.take_output()
            text = "\n".join(recorder.lines)
            if recorder.lines and len(text) <= MAX_EXAMPLE and _reads_back(text, entry):
                found = _first_use(recorder.lines)
                if exercise.meta.needs_torch and "\n" in found:
                    # an object is built: the same seed gives both sides the same initial
                    # weights when the parameters are made alike
                    found = "torch.manual_seed(0)\n" + found
                return found
    except (SubmissionError, ChildTimeout, ChildDied, WireError):
        return ""
    finally:
        server.finish(channel)
    return ""


def _first_use(lines: list[str]) -> str:
    """A function's first call alone; an object's construction and its calls."""
    if "=" not in lines[0].split("(")[0]:
        return lines[0]
    return "\n".join(lines)


def _reads_back(text: str, entrypoints: tuple[str, ...]) -> bool:
    try:
        console_input.parse(text, entrypoints)
    except Exception:
        return False
    return True
