"""The timing step after a pass: solution vs reference on the visible checks' inputs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.grading.results import RESULT_VERSION, Result, Speed
from mldrills.grading.speed import TIMED_INPUTS, Call, pick

PACKS = Path(__file__).parent / "packs"
GOOD = "def solve(xs):\n    return sorted(range(len(xs)), key=lambda i: -xs[i])\n"
# The same answer, computed 40 times over: a solution that is slow on purpose.
SLOW = GOOD + (
    "\n_fast = solve\n\n\ndef solve(xs):\n    for _ in range(39):\n        _fast(xs)\n"
    "    return _fast(xs)\n"
)


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judge]:
    mp = pytest.MonkeyPatch()
    mp.setenv("MLDRILLS_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    with Judge(Catalog(PACKS), preload_torch=False, slots=2) as j:
        yield j
    mp.undo()


def test_a_pass_is_timed_next_to_the_reference(judge: Judge) -> None:
    res = judge.grade("rank-desc", GOOD, hidden=True)
    assert res.status == "pass" and res.speed is not None
    assert 0.2 < res.speed.ratio < 5, res.speed  # the same algorithm as the reference
    assert res.speed.inputs == 2 and res.speed.repeats >= 2
    assert res.speed.solution_ms > 0 and res.speed.reference_ms > 0
    assert res.to_dict()["speed"]["ratio"] == res.speed.ratio
    assert res.to_dict()["version"] == RESULT_VERSION


def test_a_slow_solution_reads_slower_and_still_passes(judge: Judge) -> None:
    res = judge.grade("rank-desc", SLOW, hidden=True)
    assert res.status == "pass" and res.speed is not None
    assert res.speed.ratio > 8, res.speed  # 40 calls for one: well above the noise
    assert "x the reference" in res.speed.summary() and "noisy" in res.speed.summary()


def test_a_failing_solution_and_a_test_run_are_not_timed(judge: Judge) -> None:
    res = judge.grade("rank-desc", "def solve(xs):\n    return [0] * len(xs)\n", hidden=True)
    assert res.status == "fail" and res.speed is None
    visible = judge.grade("rank-desc", GOOD, hidden=False)  # only a submission is timed
    assert visible.status == "pass" and visible.speed is None


def test_the_largest_distinct_inputs_are_picked() -> None:
    calls = [Call("f", (i,), {}, float(size)) for i, size in enumerate([5, 80, 80, 3, 40, 60])]
    chosen = pick(calls)
    assert [c.size for c in chosen] == [80, 60, 40, 5, 3][:TIMED_INPUTS]


def test_results_round_trip_and_old_ones_read_as_version_1() -> None:
    speed = Speed(1.8, 0.9, 0.5, 3, 5, 40.0, earlier_best=1.2, earlier_last=1.5, earlier_passes=2)
    res = Result("x", "pass", speed=speed)
    back = Result.from_dict(res.to_dict())
    assert back.speed == speed and back.version == RESULT_VERSION
    old = Result.from_dict({"slug": "x", "status": "pass", "checks": []})
    assert old.version == 1 and old.speed is None
    assert "best 1.2x, last 1.5x" in speed.summary()
