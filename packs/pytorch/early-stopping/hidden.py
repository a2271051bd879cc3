import math
import runpy
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks.training import build_fit_rig, state_arrays

suite = Suite()
_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))  # reuse its helpers
run_fit, describe = _visible["run_fit"], _visible["describe"]
check_epochs, check_restored = _visible["check_epochs"], _visible["check_restored"]


@suite.check(
    "a tie is not an improvement",
    hint="an epoch improves only when it beats the best by more than min_delta; equal is not better",
)
def ties(t):
    metrics = [1.0, 0.5, 0.5, 0.5, 0.5, 0.5]
    _got, expected, rig, calls = run_fit(t, 11, metrics, patience=2)
    inputs = describe(metrics, patience=2)
    compare.equal(calls["train_calls"], expected["epochs_run"], what="the number of epochs fit trained",
                  inputs=inputs, diagnose={"a tie counts as an improvement, so a plateau never stops training":
                                           len(metrics)})
    check_restored(t, rig, 11, expected, calls, inputs)


@suite.check(
    "the bad-epoch count resets on improvement",
    hint="patience counts bad epochs in a row; an improvement starts the count again",
)
def counter_resets(t):
    metrics = [1.0, 1.1, 0.9, 1.0, 0.8, 0.85, 0.86, 0.87]
    _got, expected, rig, calls = run_fit(t, 12, metrics, patience=2)
    inputs = describe(metrics, patience=2)
    compare.equal(calls["train_calls"], expected["epochs_run"], what="the number of epochs fit trained",
                  inputs=inputs, diagnose={"the count of bad epochs is never reset, so scattered bad epochs "
                                           "add up and training stops too early": 4})
    check_restored(t, rig, 12, expected, calls, inputs)


@suite.check(
    "min_delta in both modes",
    hint="min_delta is the margin a new best must clear, in the direction of improvement",
)
def min_delta(t):
    for seed, metrics, kwargs in (
        (13, [1.0, 0.97, 0.96, 0.90, 0.89, 0.88, 0.87], {"patience": 3, "min_delta": 0.05}),
        (14, [0.60, 0.62, 0.70, 0.72, 0.73, 0.74, 0.80], {"patience": 3, "min_delta": 0.05, "mode": "max"}),
    ):
        got, expected, rig, calls = run_fit(t, seed, metrics, **kwargs)
        inputs = describe(metrics, **kwargs)
        compare.is_true(isinstance(got, dict), f"fit must return a dict, got {compare.short(got)}", inputs=inputs)
        compare.equal(got.get("best_epoch"), expected["best_epoch"], what="best_epoch", inputs=inputs)
        check_epochs(got, expected, calls, inputs)
        check_restored(t, rig, seed, expected, calls, inputs)


@suite.check(
    "restores when max_epochs ends the run",
    hint="running out of epochs is the other way training ends; the best weights are still wanted",
)
def restore_at_max_epochs(t):
    metrics = [1.0, 0.5, 0.6, 0.7]
    got, expected, rig, calls = run_fit(t, 15, metrics, patience=10)
    inputs = describe(metrics, patience=10, max_epochs=4)
    check_epochs(got, expected, calls, inputs)
    check_restored(t, rig, 15, expected, calls, inputs)


@suite.check(
    "buffers are restored too",
    hint="a model's state is more than its parameters: batch norm keeps running statistics in buffers",
)
def buffers_restored(t):
    metrics = [1.0, 0.8, 0.9, 0.95, 0.99]
    _got, expected, rig, calls = run_fit(t, 16, metrics, patience=3)
    check_restored(t, rig, 16, expected, calls, describe(metrics, patience=3), part="buffers")


@suite.check(
    "NaN metrics are never an improvement",
    hint="every comparison with NaN is False; write the improvement test so that NaN lands on the 'no' side",
)
def nan_metrics(t):
    nan = math.nan
    for seed, metrics in ((17, [1.0, nan, 0.9, nan, nan, 0.1]), (18, [nan, 1.0, 0.9, 1.0, 1.1, 0.5])):
        got, expected, rig, calls = run_fit(t, seed, metrics, patience=2)
        inputs = describe(metrics, patience=2)
        compare.is_true(isinstance(got, dict), f"fit must return a dict, got {compare.short(got)}", inputs=inputs)
        compare.equal(got.get("best_epoch"), expected["best_epoch"], what="best_epoch", inputs=inputs,
                      diagnose={"a NaN first metric became the best, and nothing ever compares better than NaN": 1}
                      if seed == 18 else None)
        check_epochs(got, expected, calls, inputs)
        check_restored(t, rig, seed, expected, calls, inputs)


@suite.check(
    "EarlyStopping driven step by step",
    hint="step returns True on the epoch where the bad-epoch count reaches patience",
)
def driven_by_hand(t):
    metrics, patience = [0.3, 0.5, 0.55, 0.52, 0.54, 0.53], 3
    rig = t.helper("fit_rig", {"seed": 19, "metrics": metrics})
    stopper = t.sub.EarlyStopping(patience, "max")
    ref = build_fit_rig({"seed": 19, "metrics": metrics})
    ref_stopper = t.ref.EarlyStopping(patience, "max")
    states = [state_arrays(ref.model)]
    inputs = f"EarlyStopping(patience={patience}, mode='max'), metrics {metrics}"
    for epoch, metric in enumerate(metrics, start=1):
        rig.train_epoch(rig.model)
        ref.train_epoch(ref.model)
        states.append(state_arrays(ref.model))
        got, expected = stopper.step(metric, rig.model), ref_stopper.step(metric, ref.model)
        compare.equal(got, expected, what=f"step() at epoch {epoch}", inputs=inputs)
        compare.equal(stopper.best_epoch._get(), ref_stopper.best_epoch, what=f"best_epoch after epoch {epoch}",
                      inputs=inputs)
        compare.close(stopper.best_metric._get(), ref_stopper.best_metric,
                      what=f"best_metric after epoch {epoch}", inputs=inputs)
        if expected:
            break
    stopper.restore(rig.model)
    got_state = t.helper("state_arrays", rig.model)
    best = ref_stopper.best_epoch
    for name, value in states[best].items():
        compare.is_true(np.array_equal(np.asarray(got_state[name]).reshape(value.shape), value),
                        f"after restore(), model.{name} is not its value after the best epoch ({best})",
                        inputs=inputs)
