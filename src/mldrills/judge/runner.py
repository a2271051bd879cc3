"""The child side of the judge: run the submission and send raw outputs back.

This module runs inside the sandboxed child. It holds no tests and no expected
values; it only executes what the supervisor asks (load the code, call a name with
these inputs) and returns plain data. Objects that are not plain data stay here and
cross as reference ids, so an object that fakes ``__eq__`` never reaches the grader.
"""

from __future__ import annotations

import math
import socket
import sys
import time
import traceback
import types
from collections.abc import Sequence
from typing import Any

import numpy as np

from mldrills.judge import sandbox
from mldrills.judge.wire import (
    MAX_DEPTH,
    MAX_FRAME,
    Blob,
    ChannelClosed,
    WireError,
    array_to_npy,
    mb,
    npy_to_array,
    plain_size,
    recv_frame,
    send_frame,
)
from mldrills.probes import guard, integrity, linecount
from mldrills.probes import helpers as probes

SUBMISSION_FILE = "solution.py"
OUTPUT_KEEP = 8192  # characters of captured output kept per request
OUTPUT_LIMIT = 16 << 20  # characters a submission may print in all


class OutputLimitExceeded(Exception):
    """Raised inside print() once a submission has printed too much."""


class CappedWriter:
    """A text stream that keeps the first characters and stops a flood."""

    def __init__(self) -> None:
        self.kept: list[str] = []
        self.kept_len = 0
        self.total = 0

    def write(self, s: str) -> int:
        s = str(s)
        self.total += len(s)
        if self.total > OUTPUT_LIMIT:
            raise OutputLimitExceeded(
                f"your code printed more than {OUTPUT_LIMIT >> 20} MiB of output"
            )
        room = OUTPUT_KEEP - self.kept_len
        if room > 0:
            self.kept.append(s[:room])
            self.kept_len += min(room, len(s))
        return len(s)

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False

    def take(self) -> str:
        text = "".join(self.kept)
        self.kept, self.kept_len = [], 0
        return text


REPLY_LIMIT = MAX_FRAME - (1 << 20)  # until the supervisor sends the setting's value


class _Budget:
    def __init__(self, limit: int) -> None:
        self.limit = self.left = limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise WireError(
                f"it is at least {mb(self.limit - self.left)}; the limit is {mb(self.limit)}"
            )


class Runner:
    """Executes the supervisor's requests against one submission."""

    def __init__(self) -> None:
        self.module: types.ModuleType | None = None
        self.source_lines: list[str] = []
        self.refs: dict[int, Any] = {}
        self.ref_ids: dict[int, int] = {}
        self.out = CappedWriter()
        self.lines: int | None = None  # events counted by the last counted call
        self._torch: Any = sys.modules.get("torch")
        self.trusted = integrity.snapshot()  # before any submission code runs
        self.reply_limit = REPLY_LIMIT

    # ------------------------------------------------------------------ dispatch
    def handle(
        self, req: dict[str, Any], blobs: Sequence[Blob]
    ) -> tuple[dict[str, Any], list[bytes]]:
        """Answer one request; every exception becomes a reply, never a crash."""
        op = req.get("op")
        start = time.perf_counter()
        out_blobs: list[bytes] = []
        try:
            if op == "load":
                budget = req.get("limits")
                if budget:  # the exercise's CPU and memory budget, before any of its code
                    sandbox.set_budget(int(budget["cpu_seconds"]), int(budget["memory_mb"]))
                    reply_limit = int(budget.get("reply_bytes", REPLY_LIMIT))
                    self.reply_limit = min(reply_limit, REPLY_LIMIT)
                self._guard(req.get("forbid"))
                value: Any = self._load(str(req["source"]))
            elif op == "call":
                value = self._call(req, blobs)
            elif op == "get":
                value = self._resolve(req["target"])
            elif op == "helper":
                value = self._helper(str(req["name"]), self._decode(req.get("args", []), blobs))
            elif op == "ping":
                value = "pong"
            else:
                raise WireError(f"unknown op {op!r}")
            budget_ = _Budget(self.reply_limit)
            encoded = self._encode(value, out_blobs, req.get("want", "auto"), 0, budget_)
            reply: dict[str, Any] = {"ok": True, "value": encoded}
        except BaseException as exc:  # the submission may raise anything, SystemExit too
            out_blobs = []
            reply = {"ok": False, **self._describe(exc)}
        used = guard.take()
        if used:  # forbidden names reached at run time: the supervisor decides
            reply["forbidden"] = used[:20]
        reply["out"] = self.out.take()
        reply["ms"] = (time.perf_counter() - start) * 1000
        if self.lines is not None:
            reply["lines"], self.lines = self.lines, None
        return reply, out_blobs

    # ------------------------------------------------------------------ ops
    def _guard(self, forbid: Any) -> None:
        """Install the pack's runtime guard, before any of the submission's code runs."""
        if not isinstance(forbid, dict):
            return
        guard.install(list(forbid.get("modules", [])), list(forbid.get("names", [])))
        self.trusted = integrity.snapshot()  # the guard's wrappers are ours, not tampering

    def _load(self, source: str) -> list[str]:
        self.source_lines = source.splitlines()
        module = types.ModuleType("solution")
        module.__file__ = SUBMISSION_FILE
        sys.modules["solution"] = module
        sys.stdout = sys.stderr = self.out
        code = compile(source, SUBMISSION_FILE, "exec", dont_inherit=True)
        exec(code, module.__dict__)
        self.module = module
        return sorted(k for k in module.__dict__ if not k.startswith("_"))

    def _resolve(self, target: dict[str, Any]) -> Any:
        if "name" in target:
            if self.module is None:
                raise WireError("no submission loaded")
            name = str(target["name"])
            if not hasattr(self.module, name):
                raise _Missing(name)
            obj = getattr(self.module, name)
        elif "ref" in target:
            obj = self.refs[int(target["ref"])]
        else:
            raise WireError("bad target")
        for attr in target.get("attr", []):
            obj = getattr(obj, str(attr))
        return obj

    def _call(self, req: dict[str, Any], blobs: Sequence[Blob]) -> Any:
        fn = self._resolve(req["target"])
        args = self._decode(req.get("args", []), blobs)
        kwargs = self._decode(req.get("kwargs", {"$m": []}), blobs)
        if req.get("count"):  # a growth check: count the line events the call runs
            limit = req.get("limit")
            value, self.lines = linecount.counted_call(
                fn, args, kwargs, int(limit) if limit is not None else None
            )
            return value
        return fn(*args, **kwargs)

    def _helper(self, name: str, args: list[Any]) -> Any:
        # Probes report only while what they rely on is as it was before the submission
        # loaded (a hook of the submission's could change it while a probe runs, too).
        integrity.verify(self.trusted)
        fn = probes.HELPERS.get(name)
        if fn is None:
            raise WireError(f"unknown helper {name!r}")
        value = fn(*args)
        integrity.verify(self.trusted)
        return value

    # ------------------------------------------------------------------ values
    def _decode(self, obj: Any, blobs: Sequence[Blob]) -> Any:
        if obj is None or type(obj) in (bool, int, float, str):
            return obj
        if type(obj) is list:
            return [self._decode(v, blobs) for v in obj]
        if "$f" in obj:
            return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[obj["$f"]]
        if "$a" in obj:
            arr = npy_to_array(blobs[obj["$a"]])
            return arr[()] if obj.get("scalar") else arr
        if "$T" in obj:
            tensor = self._torch.from_numpy(npy_to_array(blobs[obj["$T"]]).copy())
            return tensor.requires_grad_(True) if obj.get("grad") else tensor
        if "$t" in obj:
            return tuple(self._decode(v, blobs) for v in obj["$t"])
        if "$lt" in obj:
            return [tuple(item) for item in obj["$lt"]]
        if "$m" in obj:
            return {self._decode(k, blobs): self._decode(v, blobs) for k, v in obj["$m"]}
        if "$r" in obj:
            return self.refs[obj["$r"]]
        if "$p" in obj and type(obj["$p"]) is dict:  # a name or kept object, then attributes
            return self._resolve(obj["$p"])
        raise WireError("bad value")

    def _ref(self, obj: Any) -> dict[str, Any]:
        rid = self.ref_ids.get(id(obj))
        if rid is None or self.refs.get(rid) is not obj:
            rid = len(self.refs) + 1
            self.refs[rid] = obj
            self.ref_ids[id(obj)] = rid
        return {"$r": rid, "type": type(obj).__qualname__}

    def _encode(self, obj: Any, blobs: list[bytes], want: str, depth: int, budget: _Budget) -> Any:
        if want == "ref":
            return self._ref(obj)
        if depth > MAX_DEPTH:
            raise WireError("the returned value is nested too deeply")
        t = type(obj)
        budget.spend(16)
        if obj is None or t is bool or t is int or t is str:
            if t is str:
                budget.spend(len(obj))
            return obj
        if t is float:
            if math.isfinite(obj):
                return obj
            return {"$f": "nan" if math.isnan(obj) else ("inf" if obj > 0 else "-inf")}
        if isinstance(obj, np.ndarray | np.generic) and np.asarray(obj).dtype.kind in "biufcU":
            return self._blob(np.asarray(obj), blobs, budget, "$a", isinstance(obj, np.generic))
        torch = self._torch
        if torch is not None and isinstance(obj, torch.Tensor):
            arr = obj.detach().cpu()
            if arr.dtype in (torch.bfloat16,):
                arr = arr.float()
            return self._blob(arr.resolve_conj().resolve_neg().numpy(), blobs, budget, "$T", False)
        if t is list or t is tuple:
            flat = _flat(obj, budget)
            if flat:
                return list(obj) if t is list else {"$t": list(obj)}
            if t is list and all(type(e) is tuple and _flat(e, budget) for e in obj):
                return {"$lt": obj}  # json writes the tuples as arrays, in C
            items = [self._encode(v, blobs, "auto", depth + 1, budget) for v in obj]
            return items if t is list else {"$t": items}
        if t is dict:
            return {
                "$m": [
                    [
                        self._encode(k, blobs, "auto", depth + 1, budget),
                        self._encode(v, blobs, "auto", depth + 1, budget),
                    ]
                    for k, v in obj.items()
                ]
            }
        return self._ref(obj)

    @staticmethod
    def _blob(arr: np.ndarray, blobs: list[bytes], budget: _Budget, tag: str, scalar: bool) -> Any:
        budget.spend(arr.nbytes)
        blobs.append(array_to_npy(arr))
        return {tag: len(blobs) - 1, "scalar": scalar}

    # ------------------------------------------------------------------ errors
    def _describe(self, exc: BaseException) -> dict[str, Any]:
        if isinstance(exc, _Missing):
            return {
                "kind": "missing",
                "type": "NameError",
                "message": f"{SUBMISSION_FILE} does not define `{exc.args[0]}`",
            }
        if isinstance(exc, WireError):
            return {"kind": "wire", "type": type(exc).__name__, "message": str(exc)}
        kind = "exception"
        if isinstance(exc, SystemExit):
            kind = "exit"
        elif isinstance(exc, MemoryError):
            kind = "memory"
        elif isinstance(exc, OutputLimitExceeded):
            kind = "output"
        elif isinstance(exc, RecursionError):
            kind = "recursion"
        elif isinstance(exc, integrity.ProbeTampered):
            kind = "probe"  # the judge's own words: a hidden check may show them
        try:
            message = str(exc)[:2000]
        except BaseException:
            message = "<unprintable>"
        return {
            "kind": kind,
            "type": type(exc).__name__,
            "message": message,
            "where": self._where(exc),
        }

    def _where(self, exc: BaseException) -> list[list[Any]]:
        frames = []
        for fs in traceback.extract_tb(exc.__traceback__):
            if fs.filename == SUBMISSION_FILE and fs.lineno:
                line = (
                    self.source_lines[fs.lineno - 1].strip()
                    if fs.lineno <= len(self.source_lines)
                    else ""
                )
                frames.append([fs.lineno, fs.name, line[:200]])
        return frames[-5:]


def _flat(seq: Any, budget: _Budget) -> bool:
    """True when every item is a plain scalar (finite floats included); spends budget."""
    size = plain_size(seq)
    if size is None:
        return False
    budget.spend(size)
    return True


class _Missing(Exception):
    pass


def _touch_torch(torch: Any) -> None:
    """Run the torch paths checks use most (modules, attention, autograd) once."""
    x = torch.randn(2, 4, 8, requires_grad=True)
    lin = torch.nn.Linear(8, 24)
    q, k, v = lin(x).split(8, dim=-1)
    att = (q @ k.transpose(-2, -1)) / 8**0.5
    att = att.masked_fill(torch.ones(4, 4).tril() == 0, float("-inf")).softmax(dim=-1)
    torch.nn.functional.layer_norm(att @ v, (8,)).sum().backward()
    lin.load_state_dict({k: t.detach().clone() for k, t in lin.state_dict().items()})


def warm_up() -> None:
    """Exercise the request path once on a throwaway runner, before any submission.

    A freshly forked child pays copy-on-write faults the first time it touches the
    interpreter's and libraries' pages; paying them here, while the child waits in the
    pool, keeps them out of a grade's latency.
    """
    spare = Runner()
    saved = sys.stdout, sys.stderr
    try:
        spare.handle({"op": "load", "source": "def f(x):\n    return x\n"}, [])
        blob = array_to_npy(np.zeros((2, 2)))
        spare.handle({"op": "call", "target": {"name": "f"}, "args": [{"$a": 0}]}, [blob])
        if spare._torch is not None:
            spare.handle({"op": "call", "target": {"name": "f"}, "args": [{"$T": 0}]}, [blob])
            _touch_torch(spare._torch)
    finally:
        sys.stdout, sys.stderr = saved
        sys.modules.pop("solution", None)


def serve(sock: socket.socket) -> None:
    """Answer requests on ``sock`` until the supervisor closes it."""
    warm_up()
    runner = Runner()
    while True:
        try:
            req, blobs = recv_frame(sock)
        except ChannelClosed:
            return
        reply, out = runner.handle(req, blobs)
        try:
            send_frame(sock, reply, out)
        except WireError as exc:
            send_frame(
                sock,
                {
                    "ok": False,
                    "kind": "wire",
                    "type": "WireError",
                    "message": str(exc),
                    "out": "",
                    "ms": 0.0,
                },
                [],
            )
