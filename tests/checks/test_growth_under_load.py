"""Growth verdicts hold while other processes keep both cores busy.

For every exercise of the real packs with a growth ("runs in O(...)") check, the check
alone is run on the reference and the alternatives (each must pass) and on the mutants
it must catch (each must fail), with two busy processes beside the judge. Bounded: the
load ends by itself after LOAD_SECONDS and is killed when the test ends.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from mldrills.content import Catalog
from mldrills.grading import Judge

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
LOAD_SECONDS = 300.0


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_growth_checks_give_the_same_verdicts_with_both_cores_busy() -> None:
    loadgen, bench = _module("loadgen"), _module("growth_methods")
    catalog = Catalog()
    targets = []
    for slug in catalog.slugs:
        ex = catalog.get(slug)
        check = bench.growth_check(ex)
        if check is not None:
            assert not ex.meta.needs_torch, slug  # the judge below preloads no torch
            targets.append((slug, bench.OneCheck(ex, check), bench.sources(ex, check), check))
    assert len(targets) >= 15, [t[0] for t in targets]
    wrong: list[str] = []
    graded = 0
    with (
        Judge(catalog, preload_torch=False, slots=1) as judge,
        loadgen.busy_cores(2, seconds=LOAD_SECONDS),
    ):
        end = time.monotonic() + LOAD_SECONDS
        for slug, one, srcs, check in targets:
            for label, code, correct in srcs:
                assert time.monotonic() < end, "the load ended before the test did"
                res = judge.grade_exercise(one, code, hidden=True)
                graded += 1
                status, why = bench.verdict(res, check)
                if status != ("pass" if correct else "fail"):
                    wrong.append(f"{slug}/{label}: {status}: {why[:200]}")
    assert graded >= 3 * len(targets)
    assert not wrong, "\n".join(wrong)
