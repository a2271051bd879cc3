import importlib.util
from pathlib import Path

from mldrills.checks import Suite, compare, tensor


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_dp_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check(
    "uneven shards", hint="with shards of 3, 3, 2 and 2 examples, is each worker worth the same?"
)
def uneven_shards(t):
    V.check_synced(t, 10, 4, 1)
    V.check_synced(t, 7, 2, 1)
    V.check_local(t, 10, 4, 1)


@suite.check(
    "uneven micro-batches",
    hint="micro-batches of 2, 2 and 1 examples: is each worth 1/3 of the shard?",
)
def uneven_micro(t):
    V.check_local(t, 10, 2, 3)
    V.check_synced(t, 11, 2, 3)


@suite.check("one worker, one micro-batch", hint="this is plain backprop on the whole batch")
def single(t):
    V.check_synced(t, 6, 1, 1)
    V.check_local(t, 6, 1, 1)


@suite.check(
    "every example its own micro-batch",
    hint="a one-example micro-batch is worth 1 / (shard size) of the shard's gradient",
)
def tiny_micro(t):
    V.check_synced(t, 12, 3, 4)
    V.check_local(t, 12, 3, 4)


@suite.check(
    "parameters are left unchanged",
    hint="work on copies: the caller's parameters must not change or collect gradients",
)
def params_unchanged(t):
    params, X, y = V.make_problem(t.rng, 8)
    remote = {k: t.remote(tensor(v)) for k, v in params.items()}
    t.sub.data_parallel_grads(remote, tensor(X), tensor(y), 2, 2)
    inputs = "n=8, world_size=2, accum_steps=2"
    for k, v in params.items():
        compare.is_true(
            remote[k].grad._get() is None and not remote[k].requires_grad._get(),
            f"params[{k!r}] now requires grad or holds a .grad: differentiate a copy",
            inputs=inputs,
        )
        compare.close(
            remote[k]._get(), v, what=f"params[{k!r}] after the call", rtol=0, atol=0, inputs=inputs
        )
