import math

import numpy as np

from mldrills.checks import Suite, compare
from mldrills.checks.training import build_training_rig, param_bag

suite = Suite()
SCHEDULE = {"base_lr": 0.1, "warmup_steps": 4, "total_steps": 12, "min_lr": 0.01}
MAX_NORM = 1.4  # about half of the probe's steps have a larger gradient norm


def checkpoints(warmup_steps, total_steps):
    """The steps the statement singles out, with their names."""
    W, S = warmup_steps, total_steps
    named = {S - 1: "the last step", W - 1 + (S - W) // 2: "the midpoint of the decay"}
    if W > 0:
        named[W - 1] = "the end of warmup"
    return dict(sorted(named.items()))


def cosine(base_lr, min_lr, progress):
    return min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * progress))


def mistaken_schedules(base_lr, warmup_steps, total_steps, min_lr=0.0):
    """The whole schedule (steps 0..S-1) as common slips compute it, for the diagnosis."""
    W, S = warmup_steps, total_steps
    warm = [base_lr * (s + 1) / W for s in range(W)]
    decay = range(W, S)
    return {
        "warmup starts at 0 (base_lr * step / warmup_steps): the first step is wasted and the peak comes one step late":
            [base_lr * s / W for s in range(W)] + [cosine(base_lr, min_lr, (s + 1 - W) / (S - W)) for s in decay],
        "the cosine ignores the warmup (its progress runs over all total_steps, not the steps after warmup)":
            warm + [cosine(base_lr, min_lr, (s + 1) / S) for s in decay],
        "the cosine decays to 0 and ignores min_lr":
            warm + [cosine(base_lr, 0.0, (s + 1 - W) / (S - W)) for s in decay],
        "the cosine progress is off by one (it should reach 1, and min_lr, on the last step)":
            warm + [cosine(base_lr, min_lr, (s - W) / (S - W)) for s in decay],
    }


def diagnosis(got, candidates):
    """The mistake whose whole sequence matches ``got``, if one does."""
    for mistake, seq in candidates.items():
        if len(seq) == len(got) and np.allclose(np.asarray(got, dtype=float), seq, rtol=1e-5, atol=1e-8):
            return mistake, seq
    return None, None


def compare_schedule(got, expected, candidates, what, inputs, warmup_steps, total_steps):
    """Compare at the named checkpoints first, then everywhere; name the mistake if one fits."""
    mistake, seq = diagnosis(got, candidates)
    for s, name in checkpoints(warmup_steps, total_steps).items():
        compare.close(got[s], expected[s], what=what(s, name), inputs=inputs, rtol=1e-6, atol=1e-9,
                      diagnose={mistake: seq[s]} if mistake else None)
    for s in range(total_steps):
        compare.close(got[s], expected[s], what=what(s, None), inputs=inputs, rtol=1e-6, atol=1e-9,
                      diagnose={mistake: seq[s]} if mistake else None)


@suite.check(
    "schedule at warmup end, midpoint and last step",
    hint="write the three phases separately and evaluate the formula by hand at steps W-1, the midpoint and S-1",
)
def schedule_checkpoints(t):
    S = SCHEDULE["total_steps"]
    got = [t.sub.lr_at(s, **SCHEDULE) for s in range(S)]
    expected = [t.ref.lr_at(s, **SCHEDULE) for s in range(S)]
    compare_schedule(
        got, expected, mistaken_schedules(**SCHEDULE),
        lambda s, name: f"lr_at({s})" + (f" at {name}" if name else ""),
        ", ".join(f"{k}={v}" for k, v in SCHEDULE.items()), SCHEDULE["warmup_steps"], S,
    )


def bag_arrays(rng, scale):
    """Three parameters of different shapes with gradients of global norm ``scale``."""
    shapes = [(3, 4), (4,), (2, 2)]
    values = [rng.normal(size=s).astype(np.float32) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    norm = math.sqrt(sum(float((g**2).sum()) for g in grads))
    return values, [(g * scale / norm).astype(np.float32) for g in grads]


def grads_of(info):
    """Gradients from the `parameters` helper, in parameter order."""
    return [info[k]["grad"] for k in sorted(info, key=lambda k: int(k.split(".")[-1]))]


def number(value):
    """A returned scalar as a float-compatible 0-dim array (0-dim tensors may arrive as (1,))."""
    return value.reshape(()) if isinstance(value, np.ndarray) and value.size == 1 else value


def clip_case(t, values, grads, max_norm):
    """Clip a list of parameters in the child and with the reference; compare norm and grads."""
    bag = t.helper("param_bag", values, grads)
    got = number(t.sub.clip_grad_norm(bag.as_list._keep(), max_norm))
    ref_bag = param_bag(values, grads)
    expected = t.ref.clip_grad_norm(ref_bag.parameters(), max_norm)
    norms = [float(np.linalg.norm(g)) for g in grads if g is not None]
    inputs = (f"a list of {len(values)} parameters, per-parameter gradient norms "
              f"{[round(n, 4) for n in norms]}, max_norm={max_norm}")
    compare.close(got, expected, what="the returned norm", inputs=inputs, rtol=1e-5, atol=1e-6, diagnose={
        "returned the norm after clipping; return the norm before": min(expected, max_norm),
        "added up the per-parameter norms instead of taking the norm of all gradients together": sum(norms),
        "returned the squared norm (forgot the square root)": expected**2,
    })
    got_grads = grads_of(t.helper("parameters", bag))
    ref_grads = [None if p.grad is None else p.grad.numpy() for p in ref_bag.parameters()]
    for i, (g, e) in enumerate(zip(got_grads, ref_grads)):
        if e is None:
            compare.is_true(g is None, f"parameter {i} had no gradient and should still have none", inputs=inputs)
            continue
        compare.is_true(g is not None, f"parameter {i}'s gradient disappeared", inputs=inputs)
        diag = {
            "clipped each parameter's gradient by its own norm: the norm is global, over all parameters together":
                grads[i] * min(1.0, max_norm / (np.linalg.norm(grads[i]) + 1e-6)),
            "the gradients were not changed": grads[i],
        }
        compare.close(g, e, what=f"the gradient of parameter {i} after clipping", inputs=inputs,
                      rtol=1e-5, atol=1e-7, diagnose=diag)


@suite.check(
    "matches torch.nn.utils.clip_grad_norm_",
    hint="one norm for all gradients together, one scale factor applied to every gradient",
)
def clip_matches_torch(t):
    values, grads = bag_arrays(t.rng, scale=5.0)
    clip_case(t, values, grads, max_norm=1.0)


def probe_run(t, spec, call):
    """Run ``call`` (learner's or reference train_steps) on a fresh rig in the child and here."""
    rig = t.helper("training_rig", spec)
    got = t.sub.train_steps(rig.model, rig.optimizer, rig.loader, rig.loss_fn, **call)
    log = t.helper("rig_log", rig)
    ref = build_training_rig(spec)
    expected = t.ref.train_steps(ref.model, ref.optimizer, ref.loader, ref.loss_fn, **call)
    return got, log, expected, ref.log()


RIG = {"seed": 3, "sizes": [4] * SCHEDULE["total_steps"], "dropout": 0.0, "staged": False,
       "lr": SCHEDULE["base_lr"]}
CALL = {**SCHEDULE, "max_norm": MAX_NORM}


@suite.check(
    "learning rate used at each optimizer step",
    hint="the rate must be in place before optimizer.step() runs for that batch",
)
def lr_per_step(t):
    _, log, _, ref_log = probe_run(t, RIG, CALL)
    lrs = [s["lrs"][0] for s in log["steps"]]
    expected = [s["lrs"][0] for s in ref_log["steps"]]
    compare.equal(len(lrs), len(expected), what="the number of optimizer.step() calls",
                  inputs=f"{len(expected)} batches")
    candidates = {
        "the rate is set after optimizer.step(), so each step runs with the previous step's rate":
            [SCHEDULE["base_lr"], *expected[:-1]],
        **mistaken_schedules(**SCHEDULE),
    }
    compare_schedule(
        lrs, expected, candidates,
        lambda s, name: f"the lr in effect when step() ran at step {s}" + (f" ({name})" if name else ""),
        ", ".join(f"{k}={v}" for k, v in SCHEDULE.items()), SCHEDULE["warmup_steps"], SCHEDULE["total_steps"],
    )


@suite.check(
    "gradients are clipped when step() runs",
    hint="clipping must happen between loss.backward() and optimizer.step()",
)
def clipped_at_step(t):
    _, log, _, _ = probe_run(t, RIG, CALL)
    compare.is_true(bool(log["steps"]), "optimizer.step() was never called")
    for k, step in enumerate(log["steps"]):
        grads = [g for g in step["grads"].values() if g is not None]
        compare.is_true(bool(grads), f"no parameter had a gradient when step() ran at step {k}")
        norm = math.sqrt(sum(float((g.astype(np.float64) ** 2).sum()) for g in grads))
        compare.is_true(
            norm <= MAX_NORM * (1 + 1e-4),
            f"when optimizer.step() ran at step {k}, the global gradient norm was {norm:.4g} > "
            f"max_norm={MAX_NORM}: the gradients were not clipped before the step (clipping before "
            "backward() or after step() has no effect on the update)",
        )
