"""A judge verdict as data: rendered by the CLI and the web from the same object."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "error"]
OUTPUT_CAP = 2000  # characters of captured output kept per check and per result
MAX_CODE_BYTES = 200_000  # the largest submission the judge accepts


def cap(text: str, limit: int = OUTPUT_CAP) -> str:
    """Truncate ``text`` to ``limit`` characters, saying how much was cut."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n... [{len(text) - limit} more characters cut]"


@dataclass
class CheckResult:
    """The outcome of one check: its name, status, message and captured output."""

    name: str
    status: Status
    message: str = ""
    hint: str | None = None
    output: str = ""
    duration_ms: float = 0.0
    hidden: bool = False
    timed_out: bool = False  # the check ran out of time, which ended the submission


@dataclass
class Diagnosis:
    """The most likely mistake behind a failing submission: shown first, before the checks.

    ``mutant`` names the pack's known mistake whose failure pattern is closest (None when
    none is close); ``evidence`` is the message of the check it rests on (the failing
    input, expected vs got); ``internal`` says a check failed on its own, not the code.
    """

    mistake: str
    check: str
    evidence: str
    hint: str | None = None
    mutant: str | None = None
    internal: bool = False


RESULT_VERSION = 2  # 2: ``speed`` (the timing after a pass) and ``version`` itself
_NO_TIME = {"total_ms": 0.0}


@dataclass
class Speed:
    """How fast a passing solution ran next to the reference: information, never a verdict.

    Measured after the checks, in the same sandboxed child, on the largest inputs the
    visible checks used: CPU time of the child (from the kernel), calls repeated inside
    one request, solution and reference alternating, the minimum of ``repeats`` kept.
    ``earlier_*`` compare with the user's earlier passing attempts (set when recorded).
    """

    ratio: float  # solution time / reference time; 1.8 reads "1.8x the reference"
    solution_ms: float  # per call, summed over the timed inputs
    reference_ms: float
    inputs: int
    repeats: int
    cost_ms: float  # what the timing step added to the grade
    earlier_best: float | None = None
    earlier_last: float | None = None
    earlier_passes: int = 0

    def summary(self) -> str:
        """The figure in words, with its caveat (the CLI prints it after a pass)."""
        text = (
            f"{self.ratio:.1f}x the reference ({self.solution_ms:.3g} ms vs "
            f"{self.reference_ms:.3g} ms per call on {self.inputs} of the visible checks' inputs)"
        )
        if self.earlier_passes and self.earlier_best is not None and self.earlier_last:
            text += f"; your earlier passes: best {self.earlier_best:.1f}x, "
            text += f"last {self.earlier_last:.1f}x"
        return text + (
            f". A noisy measurement on a shared machine (child CPU time, best of "
            f"{self.repeats}); it never changes the verdict."
        )


@dataclass
class Result:
    """The verdict on one submission.

    ``status`` is ``pass`` when every check passed, ``fail`` when some check did not,
    and ``error`` when the code could not be run at all (``message`` says why).
    """

    slug: str
    status: Status
    checks: list[CheckResult] = field(default_factory=list)
    message: str = ""
    output: str = ""
    hidden: bool = False
    timings: dict[str, float] = field(default_factory=dict)
    isolation: dict[str, bool] = field(default_factory=dict)
    seed: int | None = None  # the hidden checks' random inputs came from it (None: no hidden)
    diagnosis: Diagnosis | None = None  # set on every failing result
    speed: Speed | None = None  # set after a pass when the timing step could run
    version: int = RESULT_VERSION

    @property
    def passed(self) -> int:
        """How many checks passed."""
        return sum(c.status == "pass" for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI's ``--json`` output and the web API's body)."""
        out = asdict(self)
        out["passed"] = self.passed
        out["total"] = len(self.checks)
        return out

    @classmethod
    def failure(cls, slug: str, message: str, *, hidden: bool) -> Result:
        """The verdict on code that could not be graded at all (``message`` says why)."""
        return cls(slug=slug, status="error", message=message, hidden=hidden, timings=_NO_TIME)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """Rebuild a result stored as a dict (e.g. in the database)."""
        checks = [
            CheckResult(**{k: v for k, v in c.items() if k in CheckResult.__dataclass_fields__})
            for c in data.get("checks", [])
        ]
        skip = ("checks", "diagnosis", "speed", "version")
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k not in skip}
        found = data.get("diagnosis")
        diagnosis = None
        if isinstance(found, dict):
            known = Diagnosis.__dataclass_fields__
            diagnosis = Diagnosis(**{k: v for k, v in found.items() if k in known})
        timed = data.get("speed")
        speed = None
        if isinstance(timed, dict):
            speed = Speed(**{k: v for k, v in timed.items() if k in Speed.__dataclass_fields__})
        version = int(data.get("version", 1))  # results stored before version 2 have none
        return cls(checks=checks, diagnosis=diagnosis, speed=speed, version=version, **fields)
