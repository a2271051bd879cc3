import runpy
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks.training import build_training_rig, state_arrays

suite = Suite()
DEVICE = "cpu"
_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))  # reuse its helpers
learner_train, reference_train = _visible["learner_train"], _visible["reference_train"]
number, same_state = _visible["number"], _visible["same_state"]


@suite.check(
    "no autograd graph kept across batches",
    hint="a running total built from loss tensors (or a list of them) keeps every batch's graph alive",
)
def no_graph_kept(t):
    spec = {"seed": 2, "sizes": [3] * 8}
    rig = t.helper("training_rig", spec)
    logs = {}
    t.sub.train_epoch(rig.model, rig.loader, rig.optimizer, rig.loss_fn, DEVICE)
    logs["train_epoch"] = t.helper("rig_log", rig)
    t.sub.evaluate(rig.model, rig.loader, rig.loss_fn, DEVICE)
    logs["evaluate"] = t.helper("rig_log", rig)
    for fn, log in logs.items():
        worst = max(log["fetches"], key=lambda f: f["live_graphs"])
        compare.is_true(
            worst["live_graphs"] <= 2,
            f"in {fn}, when batch {worst['batch'] + 1} of 8 was fetched the autograd graphs of "
            f"{worst['live_graphs']} earlier batches were still alive: something keeps a reference "
            "to each batch's loss or outputs (a running total of loss tensors, a list of them); "
            "memory then grows with every batch. Accumulate loss.item() (or .detach()) instead",
        )


@suite.check(
    "leftover gradients before the first batch",
    hint="gradients left from earlier code are still in .grad when train_epoch starts",
)
def leftover_gradients(t):
    spec = {"seed": 3, "sizes": [4, 4, 4], "lr": 0.0, "stale_grads": True}
    _, log, _ = learner_train(t, spec)
    ref_rig = build_training_rig(spec)
    stale = {n: p.grad.numpy().copy() for n, p in ref_rig.model.named_parameters()}
    t.ref.train_epoch(ref_rig.model, ref_rig.loader, ref_rig.optimizer, ref_rig.loss_fn, DEVICE)
    ref_steps = ref_rig.log()["steps"]
    compare.is_true(bool(log["steps"]), "train_epoch never called optimizer.step()")
    for name, expected in ref_steps[0]["grads"].items():
        got = log["steps"][0]["grads"][name]
        compare.is_true(got is not None, f"{name} had no gradient when step() ran for batch 1")
        compare.close(
            got, expected, what=f"the gradient of {name} when step() ran for batch 1",
            inputs="a model that arrives with gradients left over from before the epoch",
            rtol=1e-4, atol=1e-5,
            diagnose={"the leftover gradients were added to batch 1's: gradients are cleared after "
                      "step() but not before the first backward": expected + stale[name]},
        )


@suite.check(
    "evaluate leaves the model unchanged",
    hint="evaluation reads the model; parameters, buffers (batch-norm statistics) and .grad stay as they were",
)
def evaluate_is_read_only(t):
    rig = t.helper("training_rig", {"seed": 4, "sizes": [4, 4, 3]})
    before = t.helper("parameters", rig.model)
    state_before = t.helper("state_arrays", rig.model)
    t.sub.evaluate(rig.model, rig.loader, rig.loss_fn, DEVICE)
    state_after = t.helper("state_arrays", rig.model)
    for name, value in state_before.items():
        what = "a batch-norm running statistic" if "running" in name or "batches" in name else "a parameter"
        compare.is_true(
            np.array_equal(state_after[name], value),
            f"evaluate changed model.{name} ({what}): "
            + ("the model was in training mode, so batch norm updated its statistics"
               if what != "a parameter" else "evaluate must not update the model"),
        )
    for name, info in t.helper("parameters", rig.model).items():
        compare.is_true(
            info["grad"] is None or np.array_equal(info["grad"], before[name]["grad"]),
            f"after evaluate, model.{name} has a gradient: evaluate must not call backward()",
        )


@suite.check(
    "train, evaluate, train again",
    hint="the usual loop; the second epoch starts from whatever state evaluate left the model in",
)
def two_epochs(t):
    spec = {"seed": 5, "sizes": [4, 4, 3]}
    rig = t.helper("training_rig", spec)
    args = (rig.model, rig.loader, rig.optimizer, rig.loss_fn, DEVICE)
    got = [t.sub.train_epoch(*args), t.sub.evaluate(rig.model, rig.loader, rig.loss_fn, DEVICE),
           t.sub.train_epoch(*args)]
    ref = build_training_rig(spec)
    ref_args = (ref.model, ref.loader, ref.optimizer, ref.loss_fn, DEVICE)
    expected = [t.ref.train_epoch(*ref_args), t.ref.evaluate(ref.model, ref.loader, ref.loss_fn, DEVICE),
                t.ref.train_epoch(*ref_args)]
    for label, g, e in zip(("first train_epoch", "evaluate", "second train_epoch"), got, expected):
        compare.close(number(g), e, what=f"the value {label} returned", rtol=1e-4, atol=1e-5)
    same_state(t.helper("state_arrays", rig.model), state_arrays(ref.model), "after two epochs")


@suite.check(
    "uneven batches and a single batch",
    hint="means over examples: a batch of 1 weighs a quarter of a batch of 4",
)
def uneven_batches(t):
    for sizes in ([3, 3, 3, 1], [5]):
        spec = {"seed": 6, "sizes": sizes}
        rig = t.helper("training_rig", spec)
        got = t.sub.evaluate(rig.model, rig.loader, rig.loss_fn, DEVICE)
        ref = build_training_rig(spec)
        expected = t.ref.evaluate(ref.model, ref.loader, ref.loss_fn, DEVICE)
        compare.close(number(got), expected, what="evaluate's (mean_loss, accuracy)",
                      inputs=f"batches of sizes {sizes}", rtol=1e-4, atol=1e-5)
    spec = {"seed": 7, "sizes": [6]}
    got, _, _ = learner_train(t, spec)
    expected, _, _ = reference_train(t, spec)
    compare.close(number(got), expected, what="train_epoch's returned loss", inputs="a single batch of 6",
                  rtol=1e-4, atol=1e-5)
