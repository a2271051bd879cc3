"""Visible checks: your functions run on a small instrumented model, loader and optimizer.

The probes record what your loop does (mode and autograd state in each forward pass,
whether each batch went through .to(device), the gradients when optimizer.step() runs);
the same setup runs the reference solution for the expected values.
"""

import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks.training import build_training_rig, check_record_adds_up, state_arrays

suite = Suite()
DEVICE = "cpu"
SPEC = {"seed": 1, "sizes": [4, 4, 4, 2]}  # the last batch is smaller


def number(value):
    """A returned scalar as a 0-dim array (a 0-dim tensor may arrive with shape (1,))."""
    if isinstance(value, np.ndarray) and value.size == 1:
        return value.reshape(())
    if isinstance(value, tuple | list):
        return [number(v) for v in value]
    return value


def same_state(got, expected, when):
    """Compare state dicts entry by entry (0-dim entries may arrive with shape (1,))."""
    for name, value in expected.items():
        g = np.asarray(got[name])
        g = g.reshape(value.shape) if g.size == value.size else g
        compare.close(g, value, what=f"model.{name} {when}", rtol=1e-4, atol=1e-5)


def learner_train(t, spec, before=None):
    """Run the learner's train_epoch on a fresh rig in the child: (value, log, rig)."""
    rig = t.helper("training_rig", spec)
    if before:
        before(rig)
    value = t.sub.train_epoch(rig.model, rig.loader, rig.optimizer, rig.loss_fn, DEVICE)
    return value, t.helper("rig_log", rig), rig


def reference_train(t, spec):
    """Run the reference on an identical rig here: (value, log, rig)."""
    rig = build_training_rig(spec)
    value = t.ref.train_epoch(rig.model, rig.loader, rig.optimizer, rig.loss_fn, DEVICE)
    return value, rig.log(), rig


def loss_mistakes(log):
    """What common ways of averaging would have returned, from the learner's own losses."""
    values = np.array([r["value"] for r in log["losses"]])
    sizes = np.array([r["size"] for r in log["losses"]])
    if not len(values):
        return {}
    return {
        "averaged the batch losses without weighting by batch size (divided by len(loader))": values.mean(),
        "returned the sum of batch losses, not the mean": values.sum(),
        "returned the sum of per-example losses without dividing by the number of examples": (values * sizes).sum(),
        "returned only the last batch's loss": values[-1],
    }


@suite.check(
    "train_epoch matches a reference epoch",
    hint="one step per batch; the epoch loss is the mean over examples, so weight each batch by its size",
)
def matches_reference(t):
    got, log, rig = learner_train(t, SPEC)
    expected, _, ref_rig = reference_train(t, SPEC)
    compare.close(
        number(got), expected, what="train_epoch's returned loss", inputs="4 batches of sizes 4, 4, 4, 2",
        rtol=1e-4, atol=1e-5, diagnose=loss_mistakes(log),
    )
    final = t.helper("state_arrays", rig.model)
    same_state(final, state_arrays(ref_rig.model), "after one epoch")
    check_record_adds_up(SPEC, log, final)  # the record is checked against a recomputation


@suite.check(
    "gradients are reset before each backward",
    hint="gradients add up in .grad until something clears them; each step must see its own batch's gradient",
)
def zero_grad_each_step(t):
    spec = {**SPEC, "lr": 0.0}  # weights stay put, so each batch's true gradient is known
    _, log, _ = learner_train(t, spec)
    _, ref_log, _ = reference_train(t, spec)
    steps, ref_steps = log["steps"], ref_log["steps"]
    compare.is_true(
        len(steps) == len(ref_steps),
        f"optimizer.step() ran {len(steps)} time(s) for {len(ref_steps)} batches: one step per batch",
    )
    for k, (step, ref) in enumerate(zip(steps, ref_steps)):
        for name, expected in ref["grads"].items():
            got = step["grads"][name]
            if got is None:
                t.fail(f"when optimizer.step() ran for batch {k + 1}, {name} had no gradient: "
                       "step() runs before loss.backward()")
            so_far = sum(r["grads"][name] for r in ref_steps[: k + 1])
            diagnose = {"gradients accumulate across batches: they are never reset "
                        "(optimizer.zero_grad() is missing or runs once before the loop)": so_far,
                        "gradients are cleared between backward() and step()": np.zeros_like(expected)}
            if k > 0:
                diagnose["step() uses the previous batch's gradient: backward() runs after step()"] = (
                    ref_steps[k - 1]["grads"][name])
            compare.close(got, expected, what=f"the gradient of {name} when step() ran for batch {k + 1}",
                          rtol=1e-4, atol=1e-5, diagnose=diagnose)


@suite.check(
    "train_epoch runs the model in training mode",
    hint="evaluate() leaves the model in eval mode; train_epoch must not assume the mode it gets",
)
def training_mode(t):
    _, log, rig = learner_train(t, SPEC, before=lambda rig: rig.model.eval())
    compare.is_true(bool(log["forwards"]), "train_epoch never called the model")
    for f in log["forwards"]:
        if f["mode"] == "mixed":
            t.fail(f"during the forward pass on batch {f['batch'] + 1} some submodules were in training "
                   "mode and some were not: model.train() sets every submodule, assigning model.training does not")
        compare.is_true(
            f["mode"] == "train",
            f"the model was in evaluation mode during the forward pass on batch {f['batch'] + 1} of "
            "train_epoch (it arrived in eval mode, as after evaluate()): dropout and batch norm then "
            "behave as at test time, so the model trains on the wrong computation",
        )
    # The same verdict from values: an epoch begun in eval mode must end where the
    # reference's ends (whatever the record says).
    ref_rig = build_training_rig(SPEC)
    ref_rig.model.eval()
    t.ref.train_epoch(ref_rig.model, ref_rig.loader, ref_rig.optimizer, ref_rig.loss_fn, DEVICE)
    same_state(
        t.helper("state_arrays", rig.model),
        state_arrays(ref_rig.model),
        "after an epoch that began with the model in evaluation mode",
    )


def learner_evaluate(t, spec):
    rig = t.helper("training_rig", spec)
    value = t.sub.evaluate(rig.model, rig.loader, rig.loss_fn, DEVICE)
    return value, t.helper("rig_log", rig), rig


@suite.check(
    "evaluate runs the model in evaluation mode",
    hint="dropout and batch norm behave differently at test time; which call switches them?",
)
def evaluation_mode(t):
    _, log, _ = learner_evaluate(t, SPEC)
    compare.is_true(bool(log["forwards"]), "evaluate never called the model")
    for f in log["forwards"]:
        compare.is_true(
            f["mode"] == "eval",
            f"the model was in {'training' if f['mode'] == 'train' else 'mixed'} mode during evaluate's "
            f"forward pass on batch {f['batch'] + 1}: dropout stays on and batch norm uses (and updates) "
            "batch statistics, so the metrics are noisy and the model changes",
        )


@suite.check(
    "evaluate runs without autograd",
    hint="nothing is backpropagated during evaluation, so there is no reason to record a graph",
)
def evaluation_no_grad(t):
    _, log, _ = learner_evaluate(t, SPEC)
    for f in log["forwards"]:
        compare.is_true(
            not f["grad"],
            f"autograd was recording during evaluate's forward pass on batch {f['batch'] + 1}: every "
            "batch builds a graph that is never used (memory and time wasted); evaluate inside "
            "torch.no_grad() or torch.inference_mode()",
        )


@suite.check(
    "batches are moved to the device",
    hint="the model lives on `device`; every tensor it meets must be moved there too, targets included",
)
def moved_to_device(t):
    _, train_log, _ = learner_train(t, SPEC)
    _, eval_log, _ = learner_evaluate(t, SPEC)
    for fn, log in (("train_epoch", train_log), ("evaluate", eval_log)):
        for f in log["forwards"]:
            compare.is_true(
                f["moved"],
                f"in {fn}, the inputs of batch {f['batch'] + 1} reached the model without "
                ".to(device): on a GPU this fails (or runs on the wrong device)",
            )
        for r in log["losses"]:
            compare.is_true(
                r["targets_moved"],
                f"in {fn}, the targets of batch {r['batch'] + 1} reached loss_fn without "
                ".to(device): the inputs were moved but the targets stayed behind",
            )


@suite.check(
    "evaluate returns the mean loss and accuracy",
    hint="both are means over examples, not over batches; the last batch is smaller",
)
def evaluate_values(t):
    got, log, _ = learner_evaluate(t, SPEC)
    rig = build_training_rig(SPEC)
    expected = t.ref.evaluate(rig.model, rig.loader, rig.loss_fn, DEVICE)
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 2,
        f"evaluate must return a pair (mean_loss, accuracy), got {compare.short(got)}",
    )
    got = number(got)
    compare.close(got[0], expected[0], what="evaluate's mean loss", rtol=1e-4, atol=1e-5,
                  diagnose=loss_mistakes(log))
    ref_log = rig.log()
    per_batch = np.mean([_batch_accuracy(rig, i) for i in range(len(ref_log["losses"]))])
    n = sum(r["size"] for r in ref_log["losses"])
    compare.close(got[1], expected[1], what="evaluate's accuracy", rtol=1e-6, atol=1e-9, diagnose={
        "averaged per-batch accuracies without weighting by batch size": per_batch,
        "returned the number of correct predictions, not the fraction": expected[1] * n,
        "returned a percentage instead of a fraction in [0, 1]": expected[1] * 100,
    })


def _batch_accuracy(rig, i):
    """Accuracy of the reference model on batch i (model left in eval mode by evaluate)."""
    import torch

    x, y = rig.loader.arrays[i]
    with torch.no_grad():
        pred = rig.model(torch.from_numpy(x)).argmax(dim=1).numpy()
    return float((pred == y).mean())


def plain_float(t, s, what):
    """Fail unless ``s`` (the structure of a child-side value) describes a Python float."""
    if s["kind"] == "tensor":
        if s["grad_fn"]:
            t.fail(f"{what} is a tensor that still holds its autograd graph (grad_fn={s['grad_fn']}): "
                   "summing loss tensors keeps every batch's graph alive until the epoch ends; "
                   "accumulate loss.item() instead")
        t.fail(f"{what} is a {s['dtype']} tensor of shape {tuple(s['shape'])}, not a Python float")
    compare.is_true(
        s["kind"] in ("builtins.float", "numpy.float64", "numpy.float32"),
        f"{what} should be a Python float, got a value of type {s['kind']}",
    )


@suite.check(
    "returned losses are plain floats",
    hint="a 0-dim tensor with grad_fn is not a number you can log: it drags a graph along",
)
def returns_floats(t):
    rig = t.helper("training_rig", SPEC)
    out = t.sub.train_epoch._keep(rig.model, rig.loader, rig.optimizer, rig.loss_fn, DEVICE)
    plain_float(t, t.helper("structure", out), "the value train_epoch returned")
    out = t.sub.evaluate._keep(rig.model, rig.loader, rig.loss_fn, DEVICE)
    s = t.helper("structure", out)
    compare.is_true(
        s["kind"] in ("tuple", "list") and len(s["items"]) == 2,
        f"evaluate must return a pair (mean_loss, accuracy), got a {s['kind']}",
    )
    for i, what in enumerate(("the mean loss evaluate returned", "the accuracy evaluate returned")):
        plain_float(t, s["items"][i], what)
