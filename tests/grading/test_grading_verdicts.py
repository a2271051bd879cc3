"""Verdicts decided around the checks: forbidden libraries, syntax errors, timeouts, the
diagnosis shown first, cancelling, and the figures `mldrills check` reports."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.grading import Judge
from mldrills.grading.diagnosis import load_patterns
from mldrills.grading.forbid import FORBID_CHECK
from mldrills.grading.results import Result
from mldrills.grading.validate import validate
from mldrills.judge.cancel import Cancel

PACKS = Path(__file__).parent / "packs"
GOOD = "def solve(xs):\n    return sorted(range(len(xs)), key=lambda i: -xs[i])\n"


@pytest.fixture(scope="module")
def judge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Judge]:
    """A judge without torch over tests/grading/packs, with its own data folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MLDRILLS_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    with Judge(Catalog(PACKS), preload_torch=False, slots=2) as j:
        yield j
    mp.undo()


def _mutant(name: str) -> str:
    return (PACKS / "probe" / "rank-desc" / "mutants" / f"{name}.py").read_text()


def test_a_correct_solution_passes_the_library_check(judge: Judge) -> None:
    res = judge.grade("rank-desc", GOOD, hidden=True)
    assert res.status == "pass", res
    assert res.checks[0].name == FORBID_CHECK
    assert res.diagnosis is None


def test_a_forbidden_function_fails_with_its_line(judge: Judge) -> None:
    res = judge.grade("rank-desc", _mutant("uses-argsort"), hidden=False)
    assert res.status == "fail"
    first = res.checks[0]
    assert (first.name, first.status) == (FORBID_CHECK, "fail")
    assert "numpy.argsort is not allowed (line 7)" in first.message
    assert "write the ordering yourself" in first.message
    assert res.diagnosis is not None and res.diagnosis.check == FORBID_CHECK


@pytest.mark.parametrize(
    ("code", "name"),
    [
        (
            "import numpy as np\n\ndef solve(xs):\n"
            "    f = getattr(np, 'arg' + 'sort')\n"
            "    return [int(i) for i in f([-x for x in xs], kind='stable')]\n",
            "numpy.argsort",
        ),
        (
            "import importlib\n\ndef solve(xs):\n"
            "    importlib.import_module('sci' + 'py')\n" + GOOD.split("\n", 1)[1],
            "scipy",
        ),
    ],
)
def test_names_reached_at_run_time_are_caught_by_the_childs_guard(
    judge: Judge, code: str, name: str
) -> None:
    res = judge.grade("rank-desc", code, hidden=False)
    first = res.checks[0]
    assert (first.name, first.status) == (FORBID_CHECK, "fail"), first
    assert f"{name} is not allowed" in first.message
    assert "found while your code ran" in first.message


def test_library_internals_may_use_a_forbidden_name(judge: Judge) -> None:
    # numpy's own functions may call np.argsort: only the submission's calls count.
    code = "import numpy as np\n\ndef solve(xs):\n    np.median(xs)\n" + GOOD.split("\n", 1)[1]
    assert judge.grade("rank-desc", code, hidden=True).status == "pass"


def test_a_syntax_error_is_an_error_with_a_caret_and_no_checks(judge: Judge) -> None:
    res = judge.grade("rank-desc", "def solve(xs)\n    return xs\n")
    assert res.status == "error"
    assert res.checks == []
    assert "(line 1)" in res.message and res.message.rstrip().endswith("^")
    assert res.to_dict()["total"] == 0


def test_the_first_timeout_ends_the_submission(judge: Judge) -> None:
    # Structural, not timed (a busy machine stretches wall time): exactly one check times
    # out and every later one is reported as not run, so no second timeout was waited for.
    res = judge.grade("rank-desc", "def solve(xs):\n    while True:\n        pass\n", hidden=True)
    timed = [c for c in res.checks if c.timed_out]
    assert len(timed) == 1
    assert timed[0].message.startswith("timed out in 'largest first' after")
    rest = res.checks[res.checks.index(timed[0]) + 1 :]
    assert rest and all(c.message.startswith("not run: the submission ended when") for c in rest)
    assert res.diagnosis is not None and res.diagnosis.check == "largest first"


def test_cancel_stops_the_check_in_flight(judge: Judge) -> None:
    cancel = Cancel()
    threading.Timer(0.5, cancel.cancel).start()
    t0 = time.monotonic()
    ex = judge.catalog.get("rank-desc")
    res = judge.grade_exercise(
        ex, "def solve(xs):\n    while True:\n        pass\n", hidden=True, cancel=cancel
    )
    assert time.monotonic() - t0 < 2.5
    assert res.status == "error" and res.message.startswith("cancelled")
    assert all(c.status != "pass" for c in res.checks[1:])


def test_diagnosis_names_the_known_mistake_first(judge: Judge) -> None:
    res = judge.grade("rank-desc", _mutant("ties-reversed"), hidden=False)
    assert res.status == "fail"
    d = res.diagnosis
    assert d is not None
    assert d.mutant == "ties-reversed"
    assert d.check == "ties keep input order"
    assert "in reverse input order" in d.mistake
    assert "[2, 5, 2, 5]" in d.evidence
    again = Result.from_dict(res.to_dict())
    assert again.diagnosis == d


def test_check_measures_and_caches_the_mutants_patterns(judge: Judge) -> None:
    ex = judge.catalog.get("rank-desc")
    report = validate(judge, ex, seed=7)
    assert report.ok, report.problems
    assert (report.mutants_caught, report.mutants_named_first, report.mutants_total) == (3, 3, 3)
    assert report.alternatives_passed == report.alternatives_total == 1
    measured = {p.mutant: p.failed for p in load_patterns(ex)}
    assert set(measured["ascending"]) >= {"largest first", "longer lists"}
