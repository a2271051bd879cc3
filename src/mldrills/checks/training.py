"""Training rigs for checks of training-loop exercises (the supervisor's twin of the child's).

A check builds the same rig here that it asks the child to build (``build_training_rig``
is deterministic), runs the reference on this twin and compares what both recorded.
What the child's rig recorded is checked against values computed here: ``replay_steps``
applies the recorded gradients and rates to the twin's starting weights, so a record
that does not add up to the weights the learner's model ended with is caught.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from mldrills.checks import compare
from mldrills.probes.training import (
    RIG_DEFAULTS,
    FitRig,
    Rig,
    build_fit_rig,
    build_training_rig,
    param_bag,
    state_arrays,
)

__all__ = [
    "RIG_DEFAULTS",
    "FitRig",
    "Rig",
    "build_fit_rig",
    "build_training_rig",
    "check_record_adds_up",
    "param_bag",
    "replay_steps",
    "state_arrays",
]


def replay_steps(spec: dict[str, Any], steps: list[dict[str, Any]]) -> dict[str, np.ndarray]:
    """The parameters a rig built from ``spec`` ends with after the recorded SGD steps.

    Each step applies its recorded gradients with its recorded per-group rates (and the
    spec's momentum, as torch's SGD does: the first step's buffer is the gradient).
    """
    twin = build_training_rig(spec)
    params = {n: p.detach().numpy().astype(np.float64) for n, p in twin.model.named_parameters()}
    groups = twin.optimizer.param_groups
    group = {twin.names[id(p)]: g for g, pg in enumerate(groups) for p in pg["params"]}
    momentum = float({**RIG_DEFAULTS, **spec}["momentum"])
    buffers: dict[str, np.ndarray] = {}
    for step in steps:
        for name, grad in step["grads"].items():
            if grad is None:
                continue
            update = np.asarray(grad, dtype=np.float64)
            if momentum:
                update = momentum * buffers[name] + update if name in buffers else update
                buffers[name] = update
            params[name] = params[name] - float(step["lrs"][group[name]]) * update
    return params


def check_record_adds_up(
    spec: dict[str, Any], log: dict[str, Any], state: dict[str, np.ndarray]
) -> None:
    """Fail unless the recorded steps turn the twin's starting weights into ``state``'s."""
    for name, value in replay_steps(spec, log["steps"]).items():
        got = np.asarray(state[name], dtype=np.float64).reshape(value.shape)
        compare.is_true(
            bool(np.allclose(got, value, rtol=1e-4, atol=1e-5)),
            f"the gradients and rates recorded at each optimizer.step() do not add up to the "
            f"model.{name} your loop ended with: something changed the weights outside "
            "optimizer.step(), or changed what the step recorded",
        )
