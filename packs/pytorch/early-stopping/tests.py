"""Visible checks. The judge's train_epoch changes every weight and buffer in place by a
seeded amount; its validate returns the scripted metric of the epoch just trained."""

import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks.training import build_fit_rig, state_arrays

suite = Suite()


def states_after_epochs(seed, n):
    """The probe model's state right after each epoch 0..n (0 = before training)."""
    rig = build_fit_rig({"seed": seed})
    states = [state_arrays(rig.model)]
    for _ in range(n):
        rig.train_epoch(rig.model)
        states.append(state_arrays(rig.model))
    return states


def run_fit(t, seed, metrics, **kwargs):
    """Run the learner's fit on a fit rig and the reference on a twin: (got, expected, rig, calls).

    ``max_epochs`` is the number of scripted metrics; ``calls`` counts the probe's calls."""
    spec = {"seed": seed, "metrics": metrics}
    rig = t.helper("fit_rig", spec)
    got = t.sub.fit(rig.model, rig.train_epoch, rig.validate, max_epochs=len(metrics), **kwargs)
    calls = {**t.helper("rig_log", rig), "max_epochs": len(metrics)}
    ref_rig = build_fit_rig(spec)
    expected = t.ref.fit(ref_rig.model, ref_rig.train_epoch, ref_rig.validate, max_epochs=len(metrics), **kwargs)
    return got, expected, rig, calls


def describe(metrics, **kwargs):
    return f"validation metrics per epoch {metrics}, " + ", ".join(f"{k}={v}" for k, v in kwargs.items())


def check_epochs(got, expected, calls, inputs):
    """The number of epochs trained (seen by the probe) and reported must match."""
    n = expected["epochs_run"]
    compare.equal(calls["train_calls"], n, what="the number of epochs fit trained", inputs=inputs, diagnose={
        "stops one epoch early: patience counts bad epochs, stop when the count reaches patience": n - 1,
        "stops one epoch late: stop when the count of bad epochs reaches patience, not when it exceeds it": n + 1,
    })
    compare.is_true(isinstance(got, dict), f"fit must return a dict, got {compare.short(got)}", inputs=inputs)
    compare.equal(got.get("epochs_run"), calls["train_calls"], what="fit(...)['epochs_run']", inputs=inputs)


def check_restored(t, rig, seed, expected, calls, inputs, part="parameters"):
    """The model's final parameters (or buffers) must equal their state right after the best epoch."""
    if part == "buffers":  # name the buffers only once the parameters are known to be right
        check_restored(t, rig, seed, expected, calls, inputs, "parameters")
    best, last = expected["best_epoch"], calls["train_calls"]
    states = states_after_epochs(seed, max(best, last))
    got = t.helper("state_arrays", rig.model)
    params = set(t.helper("parameters", rig.model))
    names = [n for n in states[0] if (n in params) == (part == "parameters")]
    for name in names:
        value = np.asarray(got[name]).reshape(states[best][name].shape)
        if np.array_equal(value, states[best][name]):
            continue
        if np.array_equal(value, states[last][name]):
            t.fail(f"after fit, model.{name} holds its value from the last epoch ({last}), not from the best "
                   f"epoch ({best}): " + _why_not_restored(part, last, calls["max_epochs"])
                   + "\n  input: " + inputs)
        same = [k for k in range(len(states)) if np.array_equal(value, states[k][name])]
        t.fail(f"after fit, model.{name} is not its value after the best epoch ({best})"
               + (f"; it matches epoch {same[0]}" if same else "") + "\n  input: " + inputs)


def _why_not_restored(part, last, max_epochs):
    if part == "buffers":
        return ("the parameters were restored but this buffer was not: the checkpoint must hold the whole "
                "state_dict() (buffers such as batch-norm running statistics too), not only the parameters")
    if last == max_epochs:
        return ("the run ended because max_epochs was reached, and the best weights must be restored then "
                "too, not only when stopping early (or the checkpoint shares storage with the model)")
    return ("either the best state was never restored, or the saved checkpoint shares storage with the "
            "model (state_dict() returns references to the live tensors, which training keeps changing in "
            "place) so restoring it changes nothing")


STOPS = [1.0, 0.8, 0.85, 0.9, 0.95, 0.97, 0.6, 0.5]  # best at epoch 2, then bad epochs


@suite.check(
    "stops after patience epochs without improvement",
    hint="count the bad epochs in a row; stop on the epoch where the count reaches patience",
)
def stops_on_patience(t):
    got, expected, _, calls = run_fit(t, 1, STOPS, patience=3)
    check_epochs(got, expected, calls, describe(STOPS, patience=3))


@suite.check(
    "restores the best weights",
    hint="state_dict() hands out references to the live tensors; training then changes them in place",
)
def restores_best(t):
    _got, expected, rig, calls = run_fit(t, 2, STOPS, patience=3)
    check_restored(t, rig, 2, expected, calls, describe(STOPS, patience=3))


@suite.check(
    "returns best epoch, best metric and history",
    hint="epochs are numbered from 1; history holds the metric of every epoch that ran",
)
def returned_summary(t):
    metrics = [0.9, 0.7, 0.7, 0.75, 0.6, 0.5]
    got, expected, _, _calls = run_fit(t, 3, metrics, patience=2)
    inputs = describe(metrics, patience=2)
    compare.is_true(isinstance(got, dict), f"fit must return a dict, got {compare.short(got)}", inputs=inputs)
    compare.equal(sorted(got), sorted(expected), what="the keys of the dict fit returned", inputs=inputs)
    compare.equal(got["best_epoch"], expected["best_epoch"], what="best_epoch", inputs=inputs,
                  diagnose={"best_epoch counts from 0; epochs are numbered from 1": expected["best_epoch"] - 1})
    compare.close(got["best_metric"], expected["best_metric"], what="best_metric", inputs=inputs)
    compare.close(got["history"], expected["history"], what="history", inputs=inputs)


@suite.check(
    "mode='max' for accuracy",
    hint="in max mode a higher metric is better; every comparison flips",
)
def max_mode(t):
    metrics = [0.50, 0.62, 0.70, 0.68, 0.69, 0.66, 0.71, 0.72]
    got, expected, rig, calls = run_fit(t, 4, metrics, patience=3, mode="max")
    inputs = describe(metrics, patience=3, mode="max")
    compare.is_true(isinstance(got, dict), f"fit must return a dict, got {compare.short(got)}", inputs=inputs)
    compare.equal(got.get("best_epoch"), expected["best_epoch"], what="best_epoch", inputs=inputs,
                  diagnose={"mode is ignored: the lowest metric was treated as the best": 1})
    check_epochs(got, expected, calls, inputs)
    check_restored(t, rig, 4, expected, calls, inputs)
