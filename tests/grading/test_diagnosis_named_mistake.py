"""Two mistakes that fail the same checks with the same first line are told apart by the
mistake the comparison named in its hint."""

from __future__ import annotations

from mldrills.grading.diagnosis import Pattern, diagnose, pattern_of
from mldrills.grading.results import CheckResult, Result

MESSAGE = "logits: 12 of 40 value(s) differ; worst at index [0, 3]"


def _result(hint: str | None) -> Result:
    return Result(
        "some-slug",
        "fail",
        checks=[
            CheckResult("shapes", "pass"),
            CheckResult("logits match", "fail", message=MESSAGE, hint=hint),
        ],
    )


class _Mutant:
    def __init__(self, name: str, mistake: str) -> None:
        self.name, self.mistake, self.caught_by = name, mistake, "logits match"


def _patterns() -> list[Pattern]:
    return [
        pattern_of(_Mutant("no-final-norm", "ln_f missing"), _result("likely mistake: no ln_f")),
        pattern_of(_Mutant("no-positions", "wpe missing"), _result("likely mistake: no wpe")),
    ]


def test_the_named_mistake_decides_between_equal_failure_sets() -> None:
    for hint, mutant in (
        ("likely mistake: no wpe", "no-positions"),
        ("likely mistake: no ln_f", "no-final-norm"),
    ):
        d = diagnose(_result(hint), _patterns())
        assert d is not None and d.mutant == mutant


def test_a_check_hint_that_names_nothing_is_not_part_of_the_shape() -> None:
    plain = pattern_of(_Mutant("a", "a"), _result("follow the statement step by step"))
    bare = pattern_of(_Mutant("b", "b"), _result(None))
    assert plain.failed == bare.failed
