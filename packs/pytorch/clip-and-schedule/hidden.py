import math
import runpy
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks.training import build_training_rig, param_bag

suite = Suite()
_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))  # reuse its helpers
number, grads_of = _visible["number"], _visible["grads_of"]


def schedule_case(t, steps, **kw):
    inputs = ", ".join(f"{k}={v}" for k, v in kw.items())
    for s in steps:
        got = t.sub.lr_at(s, **kw)
        compare.close(got, t.ref.lr_at(s, **kw), what=f"lr_at({s})", inputs=inputs, rtol=1e-6, atol=1e-9)


@suite.check(
    "no warmup, and warmup to the end",
    hint="warmup_steps may be 0 (no warmup) or equal to total_steps (no decay); neither may divide by zero",
)
def schedule_edges(t):
    schedule_case(t, range(6), base_lr=0.5, warmup_steps=0, total_steps=6, min_lr=0.0)
    schedule_case(t, range(5), base_lr=0.5, warmup_steps=5, total_steps=5, min_lr=0.05)
    schedule_case(t, range(4), base_lr=1.0, warmup_steps=3, total_steps=4, min_lr=0.1)
    schedule_case(t, range(1), base_lr=0.2, warmup_steps=0, total_steps=1)


@suite.check(
    "after the last step the rate stays at min_lr",
    hint="a cosine is periodic: past the end of the schedule it would climb back up",
)
def schedule_after_end(t):
    kw = {"base_lr": 0.1, "warmup_steps": 2, "total_steps": 10, "min_lr": 0.001}
    for s in (10, 11, 15, 25, 1000):
        got = t.sub.lr_at(s, **kw)
        p = (s + 1 - 2) / 8
        compare.close(got, t.ref.lr_at(s, **kw), what=f"lr_at({s})",
                      inputs=", ".join(f"{k}={v}" for k, v in kw.items()), rtol=1e-6, atol=1e-9,
                      diagnose={"the cosine formula keeps running past total_steps":
                                0.001 + 0.0495 * (1 + math.cos(math.pi * p))})


def clip(t, values, grads, max_norm, as_generator=False):
    """Clip in the child and with the reference: (got norm, got grads, expected norm, expected grads)."""
    bag = t.helper("param_bag", values, grads)
    params = bag.parameters._keep() if as_generator else bag.as_list._keep()
    got = number(t.sub.clip_grad_norm(params, max_norm))
    ref_bag = param_bag(values, grads)
    expected = t.ref.clip_grad_norm(ref_bag.parameters(), max_norm)
    ref_grads = [None if p.grad is None else p.grad.numpy() for p in ref_bag.parameters()]
    return got, grads_of(t.helper("parameters", bag)), expected, ref_grads


def arrays(rng, shapes, scale):
    values = [rng.normal(size=s).astype(np.float32) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    norm = math.sqrt(sum(float((g**2).sum()) for g in grads))
    return values, [(g * scale / norm).astype(np.float32) for g in grads]


@suite.check(
    "gradients below max_norm are left alone",
    hint="clipping only ever shrinks: a gradient already inside the ball keeps its length",
)
def small_gradients(t):
    values, grads = arrays(t.rng, [(3, 3), (3,)], scale=0.5)
    got, got_grads, expected, ref_grads = clip(t, values, grads, max_norm=1.0)
    inputs = "gradients with global norm 0.5, max_norm=1.0"
    compare.close(got, expected, what="the returned norm", inputs=inputs, rtol=1e-5, atol=1e-6)
    for i, (g, e) in enumerate(zip(got_grads, ref_grads)):
        compare.close(g, e, what=f"the gradient of parameter {i}", inputs=inputs, rtol=1e-5, atol=1e-7,
                      diagnose={"rescaled the gradients to max_norm although their norm was already below it":
                                e * 2.0})


@suite.check(
    "all-zero gradients stay finite",
    hint="a zero norm must not end up in a denominator",
)
def zero_gradients(t):
    values = [np.ones((2, 2), np.float32), np.ones(3, np.float32)]
    grads = [np.zeros((2, 2), np.float32), np.zeros(3, np.float32)]
    got, got_grads, _, _ = clip(t, values, grads, max_norm=1.0)
    inputs = "two parameters whose gradients are all zero, max_norm=1.0"
    compare.close(got, 0.0, what="the returned norm", inputs=inputs, atol=1e-9)
    for i, g in enumerate(got_grads):
        compare.close(g, grads[i], what=f"the gradient of parameter {i}", inputs=inputs, atol=0)


@suite.check(
    "parameters without a gradient are skipped",
    hint="frozen or unused parameters have .grad None; they take no part in the norm and stay None",
)
def none_gradients(t):
    values, grads = arrays(t.rng, [(2, 3), (3,), (4,)], scale=3.0)
    grads[1] = None
    got, got_grads, expected, ref_grads = clip(t, values, grads, max_norm=1.0)
    inputs = "three parameters, the second with .grad None; global norm 3.0, max_norm=1.0"
    compare.close(got, expected, what="the returned norm", inputs=inputs, rtol=1e-5, atol=1e-6)
    for i, (g, e) in enumerate(zip(got_grads, ref_grads)):
        if e is None:
            compare.is_true(g is None, f"parameter {i} had no gradient and should still have none", inputs=inputs)
        else:
            compare.close(g, e, what=f"the gradient of parameter {i}", inputs=inputs, rtol=1e-5, atol=1e-7)
    got, _, _, _ = clip(t, values, [None, None, None], max_norm=1.0)
    compare.close(got, 0.0, what="the returned norm when no parameter has a gradient", atol=1e-9)


@suite.check(
    "parameters given as a generator",
    hint="model.parameters() is a generator: it can be walked only once",
)
def generator_input(t):
    values, grads = arrays(t.rng, [(3, 2), (2,), (2, 2)], scale=4.0)
    got, got_grads, expected, ref_grads = clip(t, values, grads, max_norm=1.0, as_generator=True)
    inputs = "three parameters passed as model.parameters() (a generator), global norm 4.0, max_norm=1.0"
    compare.close(got, expected, what="the returned norm", inputs=inputs, rtol=1e-5, atol=1e-6)
    for i, (g, e) in enumerate(zip(got_grads, ref_grads)):
        compare.close(g, e, what=f"the gradient of parameter {i} after clipping", inputs=inputs,
                      rtol=1e-5, atol=1e-7, diagnose={
                          "the generator was used up computing the norm, so the scaling loop saw no "
                          "parameters: collect them in a list first": grads[i]})


SCHEDULE = {"base_lr": 0.2, "warmup_steps": 3, "total_steps": 9, "min_lr": 0.02}
RIG = {"seed": 8, "sizes": [4] * SCHEDULE["total_steps"], "dropout": 0.0, "staged": False,
       "lr": SCHEDULE["base_lr"]}
CALL = {**SCHEDULE, "max_norm": 1.4}


def runs(t, spec):
    rig = t.helper("training_rig", spec)
    got = t.sub.train_steps(rig.model, rig.optimizer, rig.loader, rig.loss_fn, **CALL)
    ref = build_training_rig(spec)
    expected = t.ref.train_steps(ref.model, ref.optimizer, ref.loader, ref.loss_fn, **CALL)
    return got, t.helper("rig_log", rig), expected, ref.log()


@suite.check(
    "every parameter group follows the schedule",
    hint="an optimizer may hold several parameter groups, each with its own lr",
)
def all_groups(t):
    _, log, _, ref_log = runs(t, {**RIG, "groups": 2})
    for k, (step, ref) in enumerate(zip(log["steps"], ref_log["steps"])):
        for g, (lr, e) in enumerate(zip(step["lrs"], ref["lrs"])):
            compare.close(lr, e, what=f"the lr of parameter group {g} at step {k}", rtol=1e-6, atol=1e-9,
                          inputs="an optimizer with two parameter groups (weights; biases and norms)",
                          diagnose={"only the first parameter group's lr is updated": SCHEDULE["base_lr"]})


@suite.check(
    "train_steps returns the pre-clip norms",
    hint="return what clip_grad_norm measured before scaling, one float per step",
)
def returned_norms(t):
    got, log, expected, ref_log = runs(t, RIG)
    got = [number(g) for g in got] if isinstance(got, list | tuple) else got
    compare.close(got, expected, what="the list train_steps returned", rtol=1e-4, atol=1e-5,
                  inputs=f"{len(expected)} batches, max_norm={CALL['max_norm']}",
                  diagnose={"returned the norms after clipping": np.minimum(expected, CALL["max_norm"])})
    for k, (step, ref) in enumerate(zip(log["steps"], ref_log["steps"])):
        for name, e in ref["grads"].items():
            compare.close(step["grads"][name], e, what=f"the gradient of {name} when step() ran at step {k}",
                          rtol=1e-4, atol=1e-5)
