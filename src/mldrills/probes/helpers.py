"""Trusted helpers the supervisor may ask the child to run on its objects.

They only inspect or set up objects (load weights, read parameters and gradients,
seed generators); they never see expected values. Exercise checks reach them through
``Trial.helper(name, ...)``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from typing import Any

import numpy as np


def _torch() -> Any:
    torch = sys.modules.get("torch")
    if torch is None:
        raise RuntimeError("torch is not available in this judge")
    return torch


def manual_seed(seed: int) -> None:
    """Seed Python's, numpy's and (if loaded) torch's global generators."""
    random.seed(seed)
    np.random.seed(seed % (2**32))
    if "torch" in sys.modules:
        _torch().manual_seed(seed)


def load_state_dict(module: Any, state: dict[str, np.ndarray]) -> None:
    """Load numpy weights into a torch module, strictly (names and shapes must match)."""
    torch = _torch()
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"expected a torch.nn.Module, got {type(module).__name__}")
    tensors = {k: torch.from_numpy(np.array(v)) for k, v in state.items()}
    module.load_state_dict(tensors, strict=True)


def load_parameters(module: Any, params: dict[str, np.ndarray]) -> None:
    """Copy numpy values into a module's parameters (all of them, by name); buffers stay."""
    torch = _torch()
    if not isinstance(module, torch.nn.Module):
        raise TypeError(f"expected a torch.nn.Module, got {type(module).__name__}")
    own = dict(module.named_parameters(remove_duplicate=False))  # tied weights: every name
    if set(own) != set(params):
        raise KeyError(f"parameter names differ: module has {sorted(own)}, given {sorted(params)}")
    with torch.no_grad():
        for name, p in own.items():
            value = torch.from_numpy(np.array(params[name]))
            if tuple(value.shape) != tuple(p.shape):
                raise ValueError(f"{name}: shape {tuple(p.shape)}, given {tuple(value.shape)}")
            p.copy_(value.to(p.dtype))


def parameters(module: Any) -> dict[str, dict[str, Any]]:
    """Name -> shape, requires_grad, storage pointer, value and grad of each parameter."""
    out: dict[str, dict[str, Any]] = {}
    for name, p in module.named_parameters(remove_duplicate=False):
        out[name] = {
            "shape": list(p.shape),
            "requires_grad": bool(p.requires_grad),
            "ptr": int(p.data_ptr()),
            "value": p.detach().cpu().numpy().copy(),
            "grad": None if p.grad is None else p.grad.detach().cpu().numpy().copy(),
        }
    return out


def zero_grads(module: Any) -> None:
    """Reset every parameter's gradient to None."""
    for p in module.parameters():
        p.grad = None


def training_flags(module: Any) -> dict[str, bool]:
    """Name -> ``training`` flag of the module and every submodule."""
    return {name or "<root>": bool(m.training) for name, m in module.named_modules()}


def tensor_info(t: Any) -> dict[str, Any]:
    """Metadata of a tensor: dtype, shape, device, grad tracking."""
    return {
        "dtype": str(t.dtype).replace("torch.", ""),
        "shape": list(t.shape),
        "device": str(t.device),
        "requires_grad": bool(t.requires_grad),
        "grad_fn": None if t.grad_fn is None else type(t.grad_fn).__name__,
    }


def type_name(obj: Any) -> str:
    """The qualified class name of any object."""
    return f"{type(obj).__module__}.{type(obj).__qualname__}"


def grad_enabled() -> bool:
    """Whether autograd is recording right now."""
    return bool(_torch().is_grad_enabled())


def backward_sum(t: Any, weights: np.ndarray | None = None) -> None:
    """Backpropagate ``sum(t * weights)`` (``sum(t)`` when no weights are given)."""
    torch = _torch()
    target = t if weights is None else t * torch.from_numpy(np.array(weights)).to(t.dtype)
    target.sum().backward()


def input_grad(t: Any) -> np.ndarray | None:
    """The ``.grad`` of a leaf tensor, as an array."""
    return None if t.grad is None else t.grad.detach().cpu().numpy().copy()


def call_each(
    fn: Callable[..., Any],
    arg_lists: list[list[Any]],
    kwarg_dicts: list[dict[str, Any]] | None = None,
) -> list[Any]:
    """``[fn(*args, **kwargs) ...]`` for each call, in order: many calls in one round trip."""
    if kwarg_dicts is None:
        return [fn(*args) for args in arg_lists]
    if len(kwarg_dicts) != len(arg_lists):
        raise ValueError(f"{len(arg_lists)} argument lists but {len(kwarg_dicts)} keyword dicts")
    return [fn(*args, **kwargs) for args, kwargs in zip(arg_lists, kwarg_dicts, strict=True)]


def call_methods(obj: Any, calls: list[list[Any]]) -> list[Any]:
    """``[getattr(obj, name)(*args) for name, *args in calls]``: a call sequence, one round trip."""
    out = []
    for name, *args in calls:
        if not isinstance(name, str) or name.startswith("_"):
            raise ValueError(f"not a public method name: {name!r}")
        out.append(getattr(obj, name)(*args))
    return out


def is_arm(choice: Any, n_arms: int) -> bool:
    """Whether ``choice`` is an integer arm index below ``n_arms`` (a bool is not)."""
    return (
        isinstance(choice, int | np.integer)
        and not isinstance(choice, bool | np.bool_)
        and 0 <= int(choice) < n_arms
    )


def bandit_rounds(policy: Any, rewards: Any, contexts: Any = None) -> list[Any]:
    """Play ``policy`` against a reward table, one round trip for every round; its choices.

    Round i: ``arm = policy.select()`` and ``policy.update(arm, rewards[i][arm])``, or with
    ``contexts`` (one row of arm features per round) ``policy.select(contexts[i])`` and
    ``policy.update(arm, contexts[i][arm], rewards[i][arm])``. A choice that is not an
    arm index ends the play; it is returned as the last choice, for the supervisor to
    report. Nothing here judges the choices.
    """
    picks: list[Any] = []
    for i, row in enumerate(rewards):
        arm = policy.select() if contexts is None else policy.select(contexts[i])
        picks.append(arm)
        if not is_arm(arm, len(row)):
            break
        arm = int(arm)
        if contexts is None:
            policy.update(arm, float(row[arm]))
        else:
            policy.update(arm, contexts[i][arm], float(row[arm]))
    return picks


def chain_calls(fn: Callable[..., Any], inputs: list[Any], state: Any = None) -> list[Any]:
    """``out = fn(x, state)`` for each input, each call's ``out[1]`` passed on as the next state.

    Returns ``[[out[0] of every call], last state]``: decoding with a cache
    (``logits, cache = model(idx, cache)``) in one round trip instead of three a step.
    """
    firsts = []
    for x in inputs:
        out = fn(x, state)
        firsts.append(out[0])
        state = out[1]
    return [firsts, state]


def identity(value: Any) -> Any:
    """Return ``value`` unchanged (used to create an object in the child and keep it)."""
    return value


def repeat_call(fn: Any, args: Any, kwargs: dict[str, Any], times: int) -> None:
    """Call ``fn(*args, **kwargs)`` ``times`` times; the supervisor times it from outside.

    The timing step after a pass: one request for many calls keeps the cost of decoding
    the inputs out of the figure. Nothing is returned, so no output is encoded either.
    """
    for _ in range(max(1, int(times))):
        fn(*args, **kwargs)


HELPERS: dict[str, Callable[..., Any]] = {
    f.__name__: f
    for f in (
        manual_seed,
        load_state_dict,
        load_parameters,
        parameters,
        zero_grads,
        training_flags,
        tensor_info,
        type_name,
        grad_enabled,
        backward_sum,
        input_grad,
        call_each,
        call_methods,
        bandit_rounds,
        chain_calls,
        identity,
        repeat_call,
    )
}


def _register_extensions() -> None:
    from mldrills.probes import training

    for name, fn in training.HELPERS.items():
        if name in HELPERS:
            raise RuntimeError(f"probe helper {name!r} defined twice")
        HELPERS[name] = fn


_register_extensions()
