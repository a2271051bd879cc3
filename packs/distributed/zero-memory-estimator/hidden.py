import importlib.util
from pathlib import Path

from mldrills.checks import Case, Suite, compare, same_as_reference


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_zero_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()

suite.add(
    same_as_reference(
        "zero_memory",
        [
            Case.of(n, w, s, label=f"{n} parameters, {w} GPUs, stage {s}")
            for n, w in ((1_000_003, 8), (7, 4), (3, 5))
            for s in range(4)
        ],
        name="parameter count not divisible by the world size",
        compare_with="equal",
        mistakes=V.MISTAKES,
        hint="a sharded kind holds ceil(n / N) parameters per rank",
    ),
    same_as_reference(
        "zero_memory",
        [Case.of(123_456_789, 1, s, label=f"one GPU, stage {s}") for s in range(4)]
        + [Case.of(0, 8, s, label=f"no parameters, stage {s}") for s in range(4)],
        name="one GPU and empty models",
        compare_with="equal",
        mistakes=V.MISTAKES,
        hint="with one rank, sharding changes nothing",
    ),
    same_as_reference(
        "zero_memory",
        [
            Case.of(10**13 + 7, 4096, s, label=f"10 trillion parameters, stage {s}")
            for s in range(4)
        ],
        name="exact at trillion scale",
        compare_with="equal",
        hint="integer arithmetic only: a float loses the last digits above 2**53",
    ),
    same_as_reference(
        "max_trainable_params",
        [
            Case.of(15, 1, 0, label="less than one parameter's state"),
            Case.of(16, 1, 0, label="exactly one parameter"),
            Case.of(0, 4, 3, label="no memory"),
            Case.of(1000, 7, 3, label="small, stage 3"),
            Case.of(1001, 7, 2, label="small, stage 2"),
            Case.of(999, 3, 1, label="small, stage 1"),
        ],
        name="boundary cases of the largest model",
        compare_with="equal",
        hint="return the largest n that fits, never the first one that does not",
    ),
)


@suite.check(
    "largest model at cluster scale, found fast",
    hint="the total grows with n: binary search, or solve for n then adjust",
)
def cluster_scale(t):
    for gpu_bytes, world, stage in (
        (80 * 10**9, 4096, 3),
        (80 * 10**9 + 12_345, 1024, 2),
        (40 * 10**9, 512, 1),
        (24 * 10**9 + 1, 3, 3),
    ):
        inputs = f"max_trainable_params({gpu_bytes}, {world}, {stage})"
        got = t.sub.max_trainable_params(gpu_bytes, world, stage)
        compare.equal(
            got,
            t.ref.max_trainable_params(gpu_bytes, world, stage),
            what="max_trainable_params",
            inputs=inputs,
        )
