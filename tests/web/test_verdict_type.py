"""One verdict type: the JSON API's schema follows ``grading.results.Result`` field by field,
and every stored submission reads back as a ``Result`` (``practice.submissions.result_of``)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from mldrills.grading.results import RESULT_VERSION, CheckResult, Diagnosis, Result, Speed
from mldrills.practice.submissions import result_of
from mldrills.store import SubmissionRecord
from mldrills.web.schemas import CheckOut, DiagnosisOut, SpeedOut, SubmissionOut, VerdictOut

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


def full_result() -> Result:
    """A result with every optional part set, so no field hides behind a default."""
    return Result(
        slug="merge-intervals",
        status="fail",
        checks=[
            CheckResult("examples", "pass", duration_ms=1.5),
            CheckResult("edges", "fail", "expected 1, got 2", "look at ties", "out\n", 2.0, True),
        ],
        message="one check failed",
        output="printed\n",
        hidden=True,
        timings={"total_ms": 12.0},
        isolation={"landlock": True},
        seed=7,
        diagnosis=Diagnosis("ties dropped", "edges", "expected 1, got 2", "ties", "no-ties"),
        speed=Speed(1.5, 0.3, 0.2, 3, 5, 40.0, 1.2, 1.4, 2),
    )


@pytest.mark.parametrize(
    ("model", "kind"),
    [(CheckOut, CheckResult), (DiagnosisOut, Diagnosis), (SpeedOut, Speed)],
)
def test_parts_have_the_dataclass_fields_and_defaults(model: type[BaseModel], kind: Any) -> None:
    fields = {f.name: f for f in dataclasses.fields(kind)}
    assert list(model.model_fields) == list(fields)
    for name, f in fields.items():
        if f.default is not dataclasses.MISSING:
            assert model.model_fields[name].default == f.default, name


def test_verdict_schema_is_the_result_dict() -> None:
    data = full_result().to_dict()
    assert set(VerdictOut.model_fields) == set(data)
    assert VerdictOut.model_validate(data).model_dump() == data
    assert data["version"] == RESULT_VERSION


def test_a_submission_carries_the_verdict_fields() -> None:
    assert set(VerdictOut.model_fields) <= set(SubmissionOut.model_fields)
    extra = {"id": 1, "state": "done", "created_at": NOW, "finished_at": NOW, "attempt_id": 1}
    out = SubmissionOut.model_validate({**full_result().to_dict(), **extra})
    assert out.diagnosis is not None and out.diagnosis.mutant == "no-ties"


def record(state: str, verdict: dict[str, Any] | None = None, error: str | None = None) -> Any:
    return SubmissionRecord(
        id=3,
        user_id=1,
        slug="merge-intervals",
        hidden=True,
        state=state,
        status=verdict["status"] if verdict else None,
        passed_checks=None,
        total_checks=None,
        judge_ms=None,
        time_spent_s=None,
        created_at=NOW,
        error=error,
        verdict=verdict,
    )


def test_every_stored_submission_reads_back_as_a_result() -> None:
    stored = full_result().to_dict()
    assert result_of(record("done", stored)) == full_result()
    assert result_of(record("pending")) is None and result_of(record("running")) is None
    failed = result_of(record("cancelled", error="cancelled: stopped"))
    assert failed == Result.failure("merge-intervals", "cancelled: stopped", hidden=True)
    assert failed.status == "error" and failed.to_dict()["total"] == 0
    VerdictOut.model_validate(failed.to_dict())


def test_a_verdict_stored_before_versions_reads_as_version_1() -> None:
    old = {"status": "pass", "checks": [{"name": "a", "status": "pass"}], "timings": {}}
    read = result_of(record("done", old))
    assert read is not None and read.version == 1 and read.slug == "merge-intervals"
    assert read.passed == 1 and read.hidden is True
