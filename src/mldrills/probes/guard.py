"""The runtime side of a pack's ``[forbid]`` table: notice what the source scan cannot see.

The supervisor's scan of the source decides the verdict for everything written out
(imports, attribute chains); this guard sees names reached at run time (a name built
from strings, ``vars(module)[...]``). It records uses by the submission's own frames and
never blocks: it reports, and the supervisor decides. A submission could tamper with it,
so it only ever adds failures; passing is still decided by the source scan.
"""

from __future__ import annotations

import builtins
import functools
import importlib
import sys
from collections.abc import Callable
from typing import Any

SUBMISSION_FILE = "solution.py"


class Guard:
    """Wraps forbidden callables and the import functions; keeps what the submission used."""

    def __init__(self, modules: list[str], names: list[str]) -> None:
        self.modules = [str(m) for m in modules]
        self.names = [str(n) for n in names]
        self.used: list[str] = []

    def _note(self, name: str) -> None:
        if name not in self.used:
            self.used.append(name)

    def _banned_module(self, name: str) -> bool:
        return any(name == m or name.startswith(m + ".") for m in self.modules)

    def take(self) -> list[str]:
        """The uses recorded since the last call."""
        out, self.used = self.used, []
        return out

    def install(self) -> None:
        """Wrap the import functions and every forbidden callable already importable."""
        if self.modules or self.names:
            builtins.__import__ = self._wrap_import(builtins.__import__)
            importlib.import_module = self._wrap_import_module(importlib.import_module)
        for name in self.names:
            self._wrap_name(name)

    def _wrap_import(self, real: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(real)
        def guarded(name: str, globals: Any = None, *args: Any, **kwargs: Any) -> Any:
            if _from_submission(globals) and isinstance(name, str):
                fromlist = args[1] if len(args) > 1 else kwargs.get("fromlist") or ()
                for full in [name, *(f"{name}.{f}" for f in fromlist or () if isinstance(f, str))]:
                    if self._banned_module(full) or full in self.names:
                        self._note(full)
            return real(name, globals, *args, **kwargs)

        return guarded

    def _wrap_import_module(self, real: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(real)
        def guarded(name: str, *args: Any, **kwargs: Any) -> Any:
            if _caller_is_submission() and isinstance(name, str) and self._banned_module(name):
                self._note(name)
            return real(name, *args, **kwargs)

        return guarded

    def _wrap_name(self, dotted: str) -> None:
        module_name, _, attr = dotted.rpartition(".")
        owner = _loaded(module_name)
        target = getattr(owner, attr, None) if owner is not None else None
        if target is None or isinstance(target, type) or not callable(target):
            return  # classes stay themselves (subclassing must work); the scan sees them

        @functools.wraps(target)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if _caller_is_submission():
                self._note(dotted)
            return target(*args, **kwargs)

        try:
            setattr(owner, attr, guarded)
        except (AttributeError, TypeError):
            return  # a read-only owner (a C type): the source scan still applies


def _loaded(dotted: str) -> Any:
    """The object at ``dotted`` if its module is already imported (never imports anything)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        module = sys.modules.get(".".join(parts[:i]))
        if module is None:
            continue
        obj: Any = module
        for attr in parts[i:]:
            obj = getattr(obj, attr, None)
            if obj is None:
                return None
        return obj
    return None


def _from_submission(globals: Any) -> bool:
    return isinstance(globals, dict) and globals.get("__file__") == SUBMISSION_FILE


def _caller_is_submission() -> bool:
    # Two frames up: past ``guarded`` to whoever called the wrapped function.
    frame = sys._getframe(2)
    return frame.f_code.co_filename == SUBMISSION_FILE


GUARD: Guard | None = None


def install(modules: list[str], names: list[str]) -> Guard:
    """Install the child's guard (once per child: each child grades one submission)."""
    global GUARD
    GUARD = Guard(modules, names)
    GUARD.install()
    return GUARD


def take() -> list[str]:
    """Forbidden uses recorded since the last call (none when no guard is installed)."""
    return GUARD.take() if GUARD is not None else []
