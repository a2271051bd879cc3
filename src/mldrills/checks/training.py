"""Training rigs for checks of training-loop exercises (the supervisor's twin of the child's).

A check builds the same rig here that it asks the child to build (``build_training_rig``
is deterministic), runs the reference on this twin and compares what both recorded.
"""

from __future__ import annotations

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
    "param_bag",
    "state_arrays",
]
