"""The supervisor's recomputation of a training rig's record (checks.training.replay_steps)."""

from __future__ import annotations

import copy
import re
import runpy
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("torch")

from mldrills.checks import CheckFailed
from mldrills.checks.training import (
    build_training_rig,
    check_record_adds_up,
    replay_steps,
    state_arrays,
)

REFERENCE = runpy.run_path(
    str(Path(__file__).resolve().parents[2] / "packs" / "pytorch" / "training-loop" / "solution.py")
)


def _train(spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    rig = build_training_rig(spec)
    REFERENCE["train_epoch"](rig.model, rig.loader, rig.optimizer, rig.loss_fn, "cpu")
    return rig.log(), state_arrays(rig.model)


@pytest.mark.parametrize(
    "spec",
    [
        {"seed": 1},
        {"seed": 2, "momentum": 0.9, "groups": 2, "sizes": [3, 5, 2]},
        {"seed": 3, "stale_grads": True, "lr": 0.05},
    ],
)
def test_the_record_of_a_real_epoch_adds_up(spec: dict[str, Any]) -> None:
    log, state = _train(spec)
    replayed = replay_steps(spec, log["steps"])
    for name, value in replayed.items():
        np.testing.assert_allclose(state[name], value, rtol=1e-4, atol=1e-5)
    check_record_adds_up(spec, log, state)


def test_a_rewritten_record_does_not_add_up() -> None:
    spec = {"seed": 1}
    log, state = _train(spec)
    forged = copy.deepcopy(log)
    name = next(iter(forged["steps"][1]["grads"]))
    forged["steps"][1]["grads"][name] = forged["steps"][1]["grads"][name] * 0.5
    with pytest.raises(CheckFailed, match=re.escape(f"do not add up to the model.{name}")):
        check_record_adds_up(spec, forged, state)


def test_weights_changed_outside_the_steps_do_not_add_up() -> None:
    spec = {"seed": 1}
    log, state = _train(spec)
    moved = {k: v + 0.01 if k == "fc2.bias" else v for k, v in state.items()}
    with pytest.raises(CheckFailed, match=re.escape("model.fc2.bias")):
        check_record_adds_up(spec, log, moved)
