"""A tripwire on what the child's probes rely on: a submission that replaces it is caught.

The probes run in the same process as the submission, so a submission can rebind their
functions, methods or the torch calls they record through (``Tensor.to``,
``Module.train``, ``Optimizer.step``...) to make a wrong loop's record look right. The
request loop takes a snapshot of all of that before the submission is loaded and
compares it (identity of every object and of every function's code) before and after
each request; a difference ends the request with ``ProbeTampered``. A submission that
also rewrites the request loop could slip past this, which is why the supervisor checks
the records it gets against values it recomputes (``mldrills.checks.training``).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Mapping
from typing import Any

# (label, namespace, key, the object expected there or _ABSENT, that object's code)
Entry = tuple[str, Mapping[str, Any], str, Any, Any]
Snapshot = list[Entry]
_ABSENT = object()

PROBE_MODULES = ("mldrills.probes.helpers", "mldrills.probes.training")
TORCH_SURFACE = {
    "Tensor": (
        "to",
        "as_subclass",
        "detach",
        "cpu",
        "numpy",
        "clone",
        "copy_",
        "backward",
        "__torch_function__",
    ),
    "nn.Module": (
        "__call__",
        "_call_impl",
        "train",
        "eval",
        "modules",
        "named_modules",
        "parameters",
        "named_parameters",
        "state_dict",
        "load_state_dict",
        "register_forward_hook",
    ),
    "optim.Optimizer": ("step", "zero_grad", "register_step_pre_hook", "__init__"),
    "optim.SGD": ("step", "__init__"),
    "autograd.Function": ("apply",),
    "nn.functional": ("cross_entropy", "relu"),
    "utils.data.DataLoader": ("__iter__", "__init__"),
    "": ("is_grad_enabled", "from_numpy", "no_grad", "set_grad_enabled", "rand"),
}


class ProbeTampered(Exception):
    """Raised in the child when something the probes rely on was replaced."""


def snapshot() -> Snapshot:
    """Where each thing the probes rely on is found, and what is found there now."""
    out: Snapshot = []
    torch = sys.modules.get("torch")
    if torch is not None:
        # Optimizer.__init__ wraps its class's step once, on the first instance: do it now.
        torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    for name in PROBE_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        if name.endswith(".training") and torch is not None:
            module._classes()  # the torch-backed probe classes, built before any submission
        _add(out, "sys.modules", sys.modules, name)
        for attr, value in vars(module).items():
            _add(out, name, vars(module), attr)
            if isinstance(value, type) and value.__module__ == name:
                for method in vars(value):
                    _add(out, f"{name}.{attr}", vars(value), method)
            if isinstance(value, dict) and attr == "HELPERS":
                for helper in value:
                    _add(out, f"{name}.HELPERS", value, helper)
    if torch is not None:
        for owner_path, attrs in TORCH_SURFACE.items():
            owner = _lookup(torch, owner_path)
            for attr in attrs if owner is not None else ():
                _add_resolved(out, f"torch.{owner_path}".rstrip("."), owner, attr)
    return out


def changed(before: Snapshot) -> list[str]:
    """The names whose object or code is not what ``before`` recorded."""
    bad = []
    for label, space, key, obj, code in before:
        now = space.get(key, _ABSENT)
        if now is not obj or (code is not None and _code(now) is not code):
            bad.append(f"{label}.{key}")
    return sorted(bad)


def verify(before: Snapshot) -> None:
    """Raise ``ProbeTampered`` naming what changed, if anything did."""
    bad = changed(before)
    if bad:
        shown = ", ".join(bad[:3]) + (f" and {len(bad) - 3} more" if len(bad) > 3 else "")
        raise ProbeTampered(
            f"your code replaced part of what the judge uses to watch it ({shown}); "
            "grading cannot trust what it records, so this check fails"
        )


def _code(value: Any) -> Any:
    fn = value.__func__ if isinstance(value, classmethod | staticmethod) else value
    return fn.__code__ if isinstance(fn, types.FunctionType) else None


def _add(out: Snapshot, label: str, space: Mapping[str, Any], key: str) -> None:
    value = space[key]
    out.append((label, space, key, value, _code(value)))


def _add_resolved(out: Snapshot, label: str, owner: Any, attr: str) -> None:
    """``owner.attr`` as attribute lookup finds it: absent from every class before its own."""
    if not isinstance(owner, type):
        if attr in vars(owner):
            _add(out, label, vars(owner), attr)
        return
    for klass in owner.__mro__:
        if attr in vars(klass):
            _add(out, label, vars(klass), attr)
            return
        out.append((label, vars(klass), attr, _ABSENT, None))  # a shadowing entry appears here


def _lookup(torch: Any, path: str) -> Any:
    obj = torch
    for part in filter(None, path.split(".")):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj
