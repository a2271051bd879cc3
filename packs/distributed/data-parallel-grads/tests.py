import numpy as np
import torch

from mldrills.checks import Suite, compare, tensor

suite = Suite()
NAMES = ("W1", "b1", "W2", "b2")


def make_problem(rng, n, d=3, hidden=5):
    params = {
        "W1": rng.normal(0, 0.7, (d, hidden)),
        "b1": rng.normal(0, 0.3, hidden),
        "W2": rng.normal(0, 0.7, (hidden, 1)),
        "b2": rng.normal(0, 0.3, 1),
    }
    return params, rng.normal(size=(n, d)), rng.normal(size=n)


def mse_grad(t, params, X, y, pieces=None):
    """Gradient of the reference loss on (X, y); with `pieces`, the sum of the pieces' grads
    each scaled by its weight (to model mistakes)."""
    leaves = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    X, y = torch.tensor(X), torch.tensor(y)
    for idx, weight in pieces or [(np.arange(len(y)), 1.0)]:
        t.ref.loss_fn(t.ref.forward(leaves, X[idx]), y[idx]).mul(weight).backward()
    return {k: v.grad.numpy() for k, v in leaves.items()}


def split(idx, parts):
    return np.array_split(idx, parts)  # the same split as torch.tensor_split


def run(t, params, X, y, world, accum):
    args = ({k: tensor(v) for k, v in params.items()}, tensor(X), tensor(y), world, accum)
    synced, local = t.sub.data_parallel_grads(*args)
    inputs = f"n={len(y)}, world_size={world}, accum_steps={accum}"
    for name, value in (("synced", synced), ("local", local)):
        compare.is_true(value is not None, f"{name} is None", inputs=inputs)
    compare.is_true(
        isinstance(local, list | tuple) and len(local) == world,
        f"expected `local` to be a list of {world} dicts, got {compare.short(local)}",
        inputs=inputs,
    )
    return synced, local, inputs


def compare_grads(got, expected, what, inputs, diagnose=None):
    compare.is_true(
        isinstance(got, dict) and set(got) == set(NAMES),
        f"{what}: expected a dict with keys {list(NAMES)}, got {compare.short(got)}",
        inputs=inputs,
    )
    for k in NAMES:
        arr = compare.as_array(got[k], f"{what}[{k!r}]", inputs)
        compare.is_true(
            arr.dtype == np.float64,
            f"{what}[{k!r}]: expected a float64 tensor like the parameters, got {arr.dtype}"
            + (" (a float64 -> float32 downcast)" if arr.dtype == np.float32 else ""),
            inputs=inputs,
            hint="likely mistake: the replicas or gradient buffers were made float32 "
            "(.float(), or a buffer created without dtype=float64)",
        )
        compare.close(
            got[k],
            expected[k],
            what=f"{what}[{k!r}]",
            rtol=1e-9,
            atol=1e-12,
            inputs=inputs,
            diagnose={m: v[k] for m, v in (diagnose or {}).items()},
        )


def check_synced(t, n, world, accum):
    params, X, y = make_problem(t.rng, n)
    synced, _, inputs = run(t, params, X, y, world, accum)
    full = mse_grad(t, params, X, y)
    shards = split(np.arange(n), world)
    per_worker = [mse_grad(t, params, X[s], y[s]) for s in shards]
    plain_mean = {k: sum(g[k] for g in per_worker) / world for k in NAMES}
    diagnose = {
        "summed the workers' gradients without averaging": {k: full[k] * world for k in NAMES},
        "plain average of the workers' gradients: with uneven shards, weight each worker by "
        "its number of examples": plain_mean,
        "micro-batch losses not scaled, so accumulation adds accum_steps gradients": {
            k: full[k] * accum for k in NAMES
        },
    }
    compare_grads(synced, full, "synced (vs the full-batch gradient)", inputs, diagnose)


def check_local(t, n, world, accum):
    params, X, y = make_problem(t.rng, n)
    _, local, inputs = run(t, params, X, y, world, accum)
    shards = split(np.arange(n), world)
    previous = {k: 0.0 for k in NAMES}
    for w, shard in enumerate(shards):
        expected = mse_grad(t, params, X[shard], y[shard])
        micro = split(shard, accum)
        diagnose = {
            "micro-batch losses not scaled, so accumulation adds accum_steps gradients": {
                k: expected[k] * accum for k in NAMES
            },
            "each micro-batch scaled by 1/accum_steps: with micro-batches of different sizes, "
            "weight by each one's share of the shard": mse_grad(
                t, params, X, y, [(mb, 1 / accum) for mb in micro]
            ),
            "gradient buffers not reset between workers: this worker's local gradient "
            "includes the previous workers'": {k: expected[k] + previous[k] for k in NAMES},
        }
        compare_grads(
            local[w], expected, f"local[{w}] (vs the gradient over shard {w})", inputs, diagnose
        )
        previous = {k: previous[k] + expected[k] for k in NAMES}


@suite.check(
    "equal shards: synced equals the full-batch gradient",
    hint="NCCL's all-reduce sums; what must happen to that sum?",
)
def equal_shards(t):
    check_synced(t, 8, 2, 1)
    check_synced(t, 12, 4, 1)


@suite.check(
    "each worker's local gradient", hint="a worker's .grad must describe its own shard only"
)
def local_grads(t):
    check_local(t, 8, 2, 1)
    check_local(t, 12, 3, 1)


@suite.check(
    "gradient accumulation",
    hint="backward on k micro-batch means adds k gradients; scale each loss",
)
def accumulation(t):
    check_local(t, 8, 2, 2)
    check_synced(t, 16, 2, 4)
