"""Choosing the diagnosis from failure patterns, without a judge."""

from __future__ import annotations

from mldrills.grading.diagnosis import Pattern, diagnose, shape
from mldrills.grading.forbid import FORBID_CHECK
from mldrills.grading.results import CheckResult, Result


def _result(*checks: CheckResult) -> Result:
    return Result("x", "fail", list(checks))


def _fail(name: str, message: str = "expected 1, got 2", hidden: bool = False) -> CheckResult:
    return CheckResult(name, "fail", message, hint=f"hint of {name}", hidden=hidden)


A = Pattern("a", "mistake a", "one", {"one": shape("expected 1, got 2")})
B = Pattern("b", "mistake b", "two", {"two": "", "three": ""})


def test_the_closest_pattern_is_named_with_its_check_as_evidence() -> None:
    d = diagnose(_result(_fail("two"), _fail("three"), CheckResult("one", "pass")), [A, B])
    assert d is not None
    assert (d.mutant, d.mistake, d.check, d.hint) == ("b", "mistake b", "two", "hint of two")


def test_a_passing_result_has_no_diagnosis() -> None:
    assert diagnose(Result("x", "pass", [CheckResult("one", "pass")]), [A, B]) is None


def test_a_check_that_broke_is_our_internal_error() -> None:
    broken = CheckResult("one", "error", "internal error in this check (TypeError: ...)")
    d = diagnose(_result(_fail("two"), broken), [A, B])
    assert d is not None and d.internal and d.check == "one" and d.mutant is None
    assert d.mistake.startswith("our check failed, not your code")


def test_without_a_close_pattern_the_forbidden_library_comes_first() -> None:
    d = diagnose(_result(_fail("four"), _fail(FORBID_CHECK, "numpy.argsort is not allowed")), [A])
    assert d is not None and d.mutant is None and d.check == FORBID_CHECK


def test_a_timeout_is_the_evidence_when_nothing_matches() -> None:
    timed = CheckResult("five", "fail", "timed out in 'five' after 3.0 s", timed_out=True)
    d = diagnose(_result(_fail("four"), timed), [A])
    assert d is not None and d.check == "five"


def test_equal_scores_go_to_the_mutant_whose_check_fails_first() -> None:
    first = Pattern("first", "m1", "one", {"one": ""})
    second = Pattern("second", "m2", "two", {"two": ""})
    d = diagnose(_result(_fail("two"), _fail("one")), [first, second])
    assert d is not None and d.mutant == "second"


def test_the_same_visible_line_tells_apart_equal_shapes() -> None:
    msg1, msg2 = "expected 1.5, got 2.5", "expected 1.5, got 3.5"
    p1 = Pattern("p1", "m1", "one", {"one": shape(msg1)}, {"one": msg1})
    p2 = Pattern("p2", "m2", "one", {"one": shape(msg2)}, {"one": msg2})
    assert diagnose(_result(_fail("one", msg2)), [p1, p2]).mutant == "p2"  # type: ignore[union-attr]
    assert diagnose(_result(_fail("one", msg1)), [p1, p2]).mutant == "p1"  # type: ignore[union-attr]
