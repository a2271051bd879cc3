"""Request and response bodies of the JSON API; FastAPI publishes them in /openapi.json."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    """A request body that rejects unknown fields."""

    model_config = ConfigDict(extra="forbid")


class SubmissionIn(Strict):
    """Code to grade: visible checks only (``hidden: false``) or every check (default)."""

    code: str = Field(description="The whole solution file (at most 200,000 bytes of UTF-8).")
    hidden: bool = Field(True, description="Run the hidden checks too and count as a submission.")


class SubmissionCreated(BaseModel):
    """A queued submission; poll ``url`` for its result."""

    id: int
    status: Literal["pending"]
    url: str


class CheckOut(BaseModel):
    """The outcome of one check."""

    name: str
    status: Literal["pass", "fail", "error"]
    message: str = ""
    hint: str | None = None
    output: str = ""
    duration_ms: float = 0.0
    hidden: bool = False
    timed_out: bool = False


class DiagnosisOut(BaseModel):
    """The most likely mistake of a failing submission, shown before the checks."""

    mistake: str
    check: str
    evidence: str
    hint: str | None = None
    mutant: str | None = Field(None, description="The pack's known mistake it matches.")
    internal: bool = Field(False, description="A check failed on its own, not the code.")


class SpeedOut(BaseModel):
    """After a pass: the solution's time next to the reference's (noisy; never a verdict)."""

    ratio: float = Field(description="Solution time / reference time (1.8: 1.8x the reference).")
    solution_ms: float = Field(description="Child CPU ms per call, summed over the inputs.")
    reference_ms: float
    inputs: int = Field(description="How many of the visible checks' inputs were timed.")
    repeats: int
    cost_ms: float = Field(description="What the timing step added to the grade.")
    earlier_best: float | None = Field(None, description="Best ratio of earlier passes.")
    earlier_last: float | None = Field(None, description="Ratio of the previous pass.")
    earlier_passes: int = 0


class VerdictOut(BaseModel):
    """The judge's verdict: ``grading.results.Result.to_dict()``, the same for the CLI's
    ``--json``, the store and this API (a test keeps the two in step)."""

    slug: str
    status: Literal["pass", "fail", "error"]
    checks: list[CheckOut] = []
    message: str = ""
    output: str = ""
    hidden: bool = False
    timings: dict[str, float] = {}
    isolation: dict[str, bool] = {}
    seed: int | None = Field(None, description="Seed of the hidden checks' random inputs.")
    diagnosis: DiagnosisOut | None = None
    speed: SpeedOut | None = None
    version: int = Field(1, description="Verdict format; 2 adds speed.")
    passed: int = 0
    total: int = 0


class ProgressOut(BaseModel):
    """Which check runs now (while the submission runs; a hidden check is not named)."""

    done: int = Field(description="Checks finished.")
    total: int
    check: str | None = Field(description="The running check's name; null for a hidden one.")
    hidden: bool
    text: str = Field(
        description='"Running check 4 of 12: name" or "Running hidden check 9 of 12".'
    )


class SubmissionOut(VerdictOut):
    """A submission and, once graded, its verdict (the fields of ``VerdictOut``)."""

    id: int
    status: Literal["pending", "running", "pass", "fail", "error"] = Field(  # type: ignore[assignment]
        description="pending, running, then the verdict's status (error when it was not graded)."
    )
    state: Literal["pending", "running", "done", "error", "cancelled"] = Field(
        description="Where it is: done has a verdict; error and cancelled ended without one."
    )
    created_at: datetime
    finished_at: datetime | None
    attempt_id: int | None = Field(description="Its id as an attempt once done, else null.")
    progress: ProgressOut | None = Field(
        None, description="While it runs in this server's grader: the check running now."
    )


class ExerciseOut(BaseModel):
    """An exercise's metadata and the user's progress on it."""

    slug: str
    area: str
    title: str
    topic: int
    topic_name: str
    difficulty: Literal["easy", "medium", "hard"]
    time_minutes: int
    tags: list[str]
    needs_torch: bool
    entrypoints: list[str]
    summary: str
    status: Literal["new", "attempted", "solved"]
    attempts: int
    passes: int
    syllabus_area: str = Field(description="The syllabus area's slug (topic 1-10).")
    due: bool = Field(description="Its review card (after a failed or slow submit) is due.")
    solved_at: datetime | None = Field(description="When a submission first passed.")
    last_attempt_at: datetime | None = Field(description="The latest run or submission.")
    best_time_s: float | None = Field(description="Fastest passing submission's time spent.")


class AttemptOut(BaseModel):
    """One recorded test run or submission."""

    id: int
    slug: str
    kind: Literal["test", "submit"]
    status: Literal["pass", "fail", "error"]
    passed: int
    total: int
    time_spent_s: float | None
    judge_ms: float
    created_at: datetime


class AttemptDetailOut(AttemptOut):
    """An attempt with its code, the judge's full result and the attempt before it."""

    code: str
    result: VerdictOut
    previous_id: int | None


class DiffOut(BaseModel):
    """A unified diff from attempt ``against_id`` (or the starter, when null) to ``attempt_id``."""

    attempt_id: int
    against_id: int | None
    diff: str


class ClockOut(BaseModel):
    """The exercise clock as the server keeps it: the time spent is computed here."""

    slug: str
    state: Literal["new", "running", "paused", "stopped"]
    elapsed_s: float = Field(description="Seconds spent so far (frozen unless running).")
    started_at: datetime | None
    stopped_at: datetime | None = Field(description="The first accepted submission.")
    paused_reason: Literal["asked", "away"] | None
    restarts: int
    away_limit_s: float = Field(description="Unseen this long, the clock pauses.")
    budget_seconds: int
    server_now: datetime
    action: Literal["started", "restarted", "resumed", "kept"] | None = None


class ClockEventIn(Strict):
    """What the page saw: an edit, a pause or resume asked for, the page hidden or shown."""

    event: Literal["start", "activity", "pause", "resume", "away", "back"]


class ClockStartIn(Strict):
    """Start the clock; ``restart`` sets a started one back to zero (the page asks first)."""

    restart: bool = Field(False, strict=True)


class ExerciseDetailOut(BaseModel):
    """Everything the exercise page shows."""

    slug: str
    exercise: ExerciseOut
    statement: str
    statement_html: str
    starter: str
    code: str
    code_source: Literal["draft", "attempt", "starter"]
    code_saved_at: datetime | None
    clock: ClockOut
    history: list[AttemptOut]


class DraftIn(Strict):
    """Editor contents to keep for later."""

    code: str


class DraftOut(BaseModel):
    """A saved draft."""

    slug: str
    updated_at: datetime


class UserOut(BaseModel):
    """An account."""

    id: int
    username: str
    is_admin: bool
    is_active: bool
    created_at: datetime


class MeOut(BaseModel):
    """The caller, the app's mode, and the CSRF token state-changing calls must send."""

    user: UserOut | None
    multi_user: bool
    csrf_token: str
    csrf_header: str


class LoginIn(Strict):
    """Credentials."""

    username: str
    password: str


class PasswordChangeIn(Strict):
    """The current password and the new one."""

    current: str = Field(max_length=1024)
    new: str = Field(max_length=1024)


class InviteIn(Strict):
    """A new invite: a note for yourself, and whether it makes an admin."""

    note: str = Field("", max_length=200)
    is_admin: bool = False


class InviteOut(BaseModel):
    """An invite (its code is shown only once, when created)."""

    id: int
    is_admin: bool
    note: str
    created_at: datetime
    expires_at: datetime
    state: Literal["open", "used", "revoked", "expired"]
    used_by: int | None


class InviteCreatedOut(InviteOut):
    """A new invite with its one-time code and sign-up link."""

    code: str
    url: str


class ActiveIn(Strict):
    """Enable (true) or disable (false) an account."""

    active: bool


class SectionOut(BaseModel):
    """A section of the app; ``ready`` is false for those still to come."""

    key: str
    label: str
    href: str
    ready: bool
    blurb: str


class ReviewCheckIn(Strict):
    """A typed answer to a card; an empty answer just reveals it."""

    key: str = Field(max_length=200, description='Card id: "<area>/<id>" or "exercise:<slug>".')
    answer: str = Field("", max_length=8000, description="What the learner typed.")


class ReviewRateIn(ReviewCheckIn):
    """A rating of a card after its reveal."""

    rating: int = Field(ge=1, le=4, description="1 Again, 2 Hard, 3 Good, 4 Easy.")
    elapsed_ms: int | None = Field(None, ge=0, le=86_400_000, description="Time on the card.")
    area: str | None = Field(None, max_length=64, description="Area filter for the next card.")


class ReviewSettingsIn(Strict):
    """Daily limits and the retention FSRS schedules for."""

    new_per_day: int = Field(ge=0, le=1000)
    reviews_per_day: int = Field(ge=0, le=10_000)
    desired_retention: float = Field(ge=0.7, le=0.99)


class MetricIn(Strict):
    """A measured change a story claims."""

    name: str = Field(max_length=100, description="What was measured, e.g. 'p95 latency'.")
    baseline: float | None = Field(None, description="The value before.")
    after: float | None = Field(None, description="The value after.")
    unit: str = Field("", max_length=40, description="e.g. 'ms', 'USD per month', '%'.")
    timeframe: str = Field("", max_length=100, description="e.g. 'over one quarter'.")


class StoryIn(Strict):
    """A behavioral story: STAR text, the principles it shows, its metrics."""

    title: str = Field(max_length=200)
    text: str = Field("", max_length=20_000)
    principles: list[str] = Field(default_factory=list, max_length=12)
    metrics: list[MetricIn] = Field(default_factory=list, max_length=10)


class StoryTextIn(Strict):
    """Text to analyze (a draft story or an answer), with optional metrics."""

    text: str = Field(max_length=20_000)
    metrics: list[MetricIn] = Field(default_factory=list, max_length=10)


class BehavioralAnswerIn(Strict):
    """An answer to a behavioral prompt."""

    answer: str = Field(max_length=20_000)
