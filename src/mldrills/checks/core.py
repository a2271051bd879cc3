"""Checks, suites and the trial object a check receives.

A check is a function of one ``Trial``: it calls the submission through ``t.sub``
(running in the sandbox), computes what is expected with ``t.ref`` (the reference
solution, running here in the trusted supervisor), and compares with the helpers of
``mldrills.checks.compare``, which raise ``CheckFailed`` with a message for the learner.
"""

from __future__ import annotations

import hashlib
import time
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NoReturn

import numpy as np

from mldrills.judge.channel import Remote, Session


class CheckFailed(Exception):
    """The submission's behaviour is wrong; ``message`` says how, ``hint`` what to look at.

    A hidden check's message is replaced by a general one unless ``quotes_inputs`` is
    False (the message names no input value and nothing the submission returned).
    """

    def __init__(
        self, message: str, *, hint: str | None = None, quotes_inputs: bool = True
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.quotes_inputs = quotes_inputs


@dataclass
class Case:
    """One input to a function: positional and keyword arguments plus a label."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    label: str = ""

    @classmethod
    def of(cls, *args: Any, label: str = "", **kwargs: Any) -> Case:
        """Build a case from call-style arguments: ``Case.of(X, 3, seed=0, label=...)``."""
        return cls(args, kwargs, label)

    def describe(self, limit: int = 300) -> str:
        """The call's arguments as text, shortened for messages."""
        from mldrills.checks.compare import short

        parts = [short(a) for a in self.args] + [f"{k}={short(v)}" for k, v in self.kwargs.items()]
        text = ", ".join(parts)
        return text if len(text) <= limit else text[:limit] + "..."


CheckFn = Callable[["Trial"], None]


@dataclass
class Check:
    """A named check; ``hidden`` is set by the loader for checks from the hidden suite."""

    name: str
    fn: CheckFn
    hint: str | None = None
    seconds: float | None = None
    hidden: bool = False


class Suite:
    """An ordered collection of checks, declared in a pack's ``tests.py`` / ``hidden.py``."""

    def __init__(self) -> None:
        self.checks: list[Check] = []

    def check(
        self, name: str, *, hint: str | None = None, seconds: float | None = None
    ) -> Callable[[CheckFn], CheckFn]:
        """Decorator: register ``fn`` as a check called ``name``."""

        def register(fn: CheckFn) -> CheckFn:
            self.add(Check(name, fn, hint, seconds))
            return fn

        return register

    def add(self, *checks: Check) -> None:
        """Register checks built by the declarative builders."""
        for c in checks:
            if any(c.name == other.name for other in self.checks):
                raise ValueError(f"duplicate check name {c.name!r}")
            self.checks.append(c)


class Trial:
    """What a check works with: the submission, the reference, a seeded generator."""

    def __init__(
        self,
        session: Session,
        reference: types.ModuleType,
        slug: str,
        check: Check,
        seed: int = 0,
    ) -> None:
        self.session = session
        self.ref = reference
        self.sub = _Namespace(session)
        # Visible checks draw the same inputs every time; hidden ones draw from the
        # submission's seed, so no two submissions see the same hidden random inputs.
        key = f"{seed}/{slug}/{check.name}" if check.hidden else f"{slug}/{check.name}"
        self.rng = np.random.default_rng(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8]))
        self.check = check

    def fail(
        self, message: str, *, hint: str | None = None, quotes_inputs: bool = True
    ) -> NoReturn:
        """Fail the check with ``message`` (and the check's hint unless one is given).

        Pass ``quotes_inputs=False`` when the message names no input value and nothing
        the submission returned: a hidden check then shows it too.
        """
        raise CheckFailed(message, hint=hint, quotes_inputs=quotes_inputs)

    def helper(self, name: str, *args: Any) -> Any:
        """Run a trusted helper (``mldrills.probes.helpers``) on child-side objects."""
        return self.session.helper(name, *args)

    def helper_ref(self, name: str, *args: Any) -> Remote:
        """Run a trusted helper and keep its result in the child (e.g. a probe object)."""
        out = self.session.send({"op": "helper", "name": name, "want": "ref"}, {"args": list(args)})
        assert isinstance(out, Remote)
        return out

    def remote(self, value: Any) -> Remote:
        """Create ``value`` in the child and keep it there (to observe mutation, say)."""
        out = self.session.send(
            {"op": "helper", "name": "identity", "want": "ref"}, {"args": [value]}
        )
        assert isinstance(out, Remote)
        return out

    def timed(self, fn: Remote, *args: Any, **kwargs: Any) -> tuple[Any, float]:
        """Call ``fn`` in the child; return its value and the CPU seconds the child used.

        CPU time comes from the kernel, so neither the submission nor a busy machine can
        bend it much; where it is unavailable the round-trip wall time is used.
        """
        channel = self.session.channel
        cpu0, wall0 = channel.cpu_seconds(), time.perf_counter()
        value = fn(*args, **kwargs)
        cpu1, wall1 = channel.cpu_seconds(), time.perf_counter()
        if cpu0 is not None and cpu1 is not None:
            return value, cpu1 - cpu0
        return value, wall1 - wall0

    def timed_helper(self, name: str, *args: Any) -> tuple[Any, float]:
        """Run a trusted helper in the child; return its value and the child's CPU seconds."""
        channel = self.session.channel
        cpu0, wall0 = channel.cpu_seconds(), time.perf_counter()
        value = self.helper(name, *args)
        cpu1, wall1 = channel.cpu_seconds(), time.perf_counter()
        if cpu0 is not None and cpu1 is not None:
            return value, cpu1 - cpu0
        return value, wall1 - wall0

    def time_left(self) -> float:
        """Seconds left before this check's deadline."""
        return self.session.remaining()


class _Namespace:
    """``t.sub``: attribute access names a top-level name of the submission."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def __getattr__(self, name: str) -> Remote:
        if name.startswith("__"):
            raise AttributeError(name)
        return Remote(self._session, {"name": name})
