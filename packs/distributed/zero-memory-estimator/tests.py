import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()


def accounting(n_params, world_size, stage, *, sharded=None, optimizer_bytes=12, ceil=True):
    """zero_memory with one convention changed: the model of a mistake."""
    table = sharded or {0: (0, 0, 0), 1: (0, 0, 1), 2: (0, 1, 1), 3: (1, 1, 1)}
    shard = -(-n_params // world_size) if ceil else n_params // world_size
    parts = [(shard if s else n_params) * b for s, b in zip(table[stage], (2, 2, optimizer_bytes))]
    return {"params": parts[0], "grads": parts[1], "optimizer": parts[2], "total": sum(parts)}


MISTAKES = {
    "stage 2 also shards the weights (that is stage 3)": lambda n, w, s: accounting(
        n, w, s, sharded={0: (0, 0, 0), 1: (0, 0, 1), 2: (1, 1, 1), 3: (1, 1, 1)}
    ),
    "stage 1 also shards the gradients (that is stage 2)": lambda n, w, s: accounting(
        n, w, s, sharded={0: (0, 0, 0), 1: (0, 1, 1), 2: (0, 1, 1), 3: (1, 1, 1)}
    ),
    "Adam state counted as 8 bytes: the fp32 master weights are missing": lambda n, w, s: (
        accounting(n, w, s, optimizer_bytes=8)
    ),
    "shards rounded down: the last rank's padded shard needs the ceiling": lambda n, w, s: (
        accounting(n, w, s, ceil=False)
    ),
}

suite.add(
    same_as_reference(
        "zero_memory",
        [
            Case.of(7_500_000_000, 64, stage, label=f"7.5B parameters, 64 GPUs, stage {stage}")
            for stage in range(4)
        ],
        name="ZeRO stages on a 7.5B model",
        compare_with="equal",
        mistakes=MISTAKES,
        hint="stage 1 shards the optimizer state, 2 adds the gradients, 3 adds the weights",
    ),
    same_as_reference(
        "max_trainable_params",
        [
            Case.of(80 * 10**9, 1, 0, label="one 80 GB GPU, no sharding"),
            Case.of(80 * 10**9, 64, 3, label="64 GPUs, stage 3"),
            Case.of(80 * 10**9, 64, 1, label="64 GPUs, stage 1"),
        ],
        name="largest model that fits",
        compare_with="equal",
        hint="the largest n whose total is <= the memory: check n and n + 1",
    ),
)


@suite.check("the returned fields add up", hint="total = params + grads + optimizer, as ints")
def fields(t):
    got = t.sub.zero_memory(1_000_000, 8, 2)
    compare.is_true(
        isinstance(got, dict) and set(got) == {"params", "grads", "optimizer", "total"},
        f"expected a dict with keys params, grads, optimizer, total; got {compare.short(got)}",
        inputs="zero_memory(1_000_000, 8, 2)",
    )
    compare.is_true(
        all(isinstance(v, int | np.integer) and not isinstance(v, bool) for v in got.values()),
        f"expected integers (bytes are whole numbers), got {got}",
        inputs="zero_memory(1_000_000, 8, 2)",
    )
    compare.equal(
        got["total"],
        got["params"] + got["grads"] + got["optimizer"],
        what="total",
        inputs="zero_memory(1_000_000, 8, 2)",
    )


@suite.check(
    "max_trainable_params returns an int",
    hint="a parameter count is a whole number: keep the arithmetic in integers (// not /)",
)
def count_is_int(t):
    for args in ((80 * 10**9, 64, 3), (80 * 10**9, 1, 0)):
        got = t.sub.max_trainable_params(*args)
        compare.is_true(
            isinstance(got, int | np.integer) and not isinstance(got, bool),
            f"expected an int, got {compare.short(got)} ({type(got).__name__})",
            inputs=f"max_trainable_params{args}",
            hint="likely mistake: the count was computed with float division, so it comes "
            "back as a float",
        )
