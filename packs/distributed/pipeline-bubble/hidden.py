import importlib.util
from pathlib import Path

from mldrills.checks import Suite


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_pipe_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()
SCHEDULES = ("gpipe", "1f1b")


@suite.check(
    "unbalanced stages",
    hint="simulate: each op starts when its stage is free and its inputs are ready",
)
def unbalanced(t):
    for schedule in SCHEDULES:
        V.check_case(t, [1.0, 2.0, 1.0, 1.0], [2.0, 3.0, 2.0, 2.0], 8, schedule)
        for _ in range(3):
            p, m = int(t.rng.integers(2, 7)), int(t.rng.integers(1, 12))
            fwd = [round(float(x), 3) for x in t.rng.uniform(0.5, 2.0, p)]
            bwd = [round(float(x), 3) for x in t.rng.uniform(1.0, 4.0, p)]
            V.check_case(t, fwd, bwd, m, schedule)


@suite.check(
    "fewer micro-batches than stages",
    hint="the 1F1B warm-up can never run more forwards than there are micro-batches",
)
def few_micro(t):
    for schedule in SCHEDULES:
        V.check_case(t, [1.0] * 6, [2.0] * 6, 3, schedule)
        V.check_case(t, [1.0] * 4, [1.5] * 4, 1, schedule)


@suite.check("a single stage", hint="one stage never waits: no bubble at all")
def single_stage(t):
    for schedule in SCHEDULES:
        V.check_case(t, [1.5], [2.5], 4, schedule)


@suite.check(
    "many micro-batches shrink the bubble",
    hint="with m much larger than p the bubble (p-1)/(m+p-1) gets small; the 1F1B peaks stay p - s",
)
def many_micro(t):
    for schedule in SCHEDULES:
        V.check_case(t, [1.0] * 8, [2.0] * 8, 28, schedule)
