"""ORM tables of the store: users, the clock, submissions, invites, reviews, stories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so migrations can refer to them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back as an aware UTC datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Reject naive datetimes and convert aware ones to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use an aware UTC datetime")
        value = value.astimezone(UTC)
        # SQLite keeps no zone; store the UTC wall time.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to zone-less values (SQLite) and normalise the rest to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every store table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class User(Base):
    """A person using the platform; "local" is the implicit single-user account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(Text)
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebSession(Base):
    """A signed-in web session; deleting the row signs that cookie out everywhere."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExerciseStart(Base):
    """One press of the old clock, before migration 0010 (kept as history only)."""

    __tablename__ = "exercise_starts"
    __table_args__ = (
        Index("ix_exercise_starts_user_slug_started", "user_id", "slug", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(128))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)


class ExerciseClock(Base):
    """A user's clock on one exercise: time banked, the running stretch, when it stopped.

    ``running_since`` is set while the clock runs; ``away_since`` while no page shows it
    (it pauses at that instant once away longer than the setting ``clock_away_seconds``).
    """

    __tablename__ = "exercise_clocks"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(128), primary_key=True)
    started_at: Mapped[datetime]
    banked_s: Mapped[float] = mapped_column(Double, default=0.0)
    running_since: Mapped[datetime | None]
    paused_reason: Mapped[str | None] = mapped_column(String(16))
    away_since: Mapped[datetime | None]
    stopped_at: Mapped[datetime | None]
    restarts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


# A submission's lifecycle: received, picked up by a judge, then one of the final states.
SUBMISSION_STATES = ("pending", "running", "done", "error", "cancelled")


class Submission(Base):
    """One run of a user's code, from receipt to verdict: a test run or a submission.

    ``hidden`` is true for a submission (every check) and false for a test run (visible
    checks). ``state`` is the lifecycle: pending, running, then done (``verdict`` holds
    the judge's result and ``status`` its pass/fail/error), error (it could not be
    graded; ``error`` says why) or cancelled. Done rows are the user's attempts.
    """

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_user_slug_created", "user_id", "slug", "created_at"),
        Index("ix_submissions_user_created", "user_id", "created_at"),
        Index("ix_submissions_state", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(128))
    hidden: Mapped[bool]
    code: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    status: Mapped[str | None] = mapped_column(String(16))
    verdict: Mapped[dict[str, Any] | None]
    passed_checks: Mapped[int | None]
    total_checks: Mapped[int | None]
    judge_ms: Mapped[float | None] = mapped_column(Double)
    time_spent_s: Mapped[float | None] = mapped_column(Double)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Draft(Base):
    """The code a user last had in the web editor for one exercise."""

    __tablename__ = "drafts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(128), primary_key=True)
    code: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Invite(Base):
    """A one-time sign-up code an admin hands out; only its SHA-256 is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None]
    revoked: Mapped[bool] = mapped_column(default=False)


class CardState(Base):
    """A user's FSRS state for one card: a deck card "<area>/<id>" or "exercise:<slug>"."""

    __tablename__ = "card_states"
    __table_args__ = (Index("ix_card_states_user_due", "user_id", "due"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    card_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    # Why the card is in the queue: "deck", or for exercises "failed" / "slow".
    origin: Mapped[str] = mapped_column(String(16), default="deck")
    state: Mapped[dict[str, Any]]
    due: Mapped[datetime]
    last_review: Mapped[datetime | None]
    reviews: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewLog(Base):
    """One rating of one card by a user, with the typed answer and its rubric grade."""

    __tablename__ = "review_logs"
    __table_args__ = (
        Index("ix_review_logs_user_reviewed", "user_id", "reviewed_at"),
        Index("ix_review_logs_user_card", "user_id", "card_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    card_id: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int]
    # Whether the card had been reviewed before: retention counts only those reviews.
    seen_before: Mapped[bool]
    answer: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Double)
    proposed: Mapped[int | None]
    elapsed_ms: Mapped[int | None]
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewSettings(Base):
    """A user's review limits and target retention; a missing row means the defaults."""

    __tablename__ = "review_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    new_per_day: Mapped[int]
    reviews_per_day: Mapped[int]
    desired_retention: Mapped[float] = mapped_column(Double)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class DrillAttempt(Base):
    """One answer to a numeric drill instance, with its verdict."""

    __tablename__ = "drill_attempts"
    __table_args__ = (
        Index("ix_drill_attempts_user_created", "user_id", "created_at"),
        Index("ix_drill_attempts_user_area", "user_id", "area"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(128))
    area: Mapped[str] = mapped_column(String(32))
    seed: Mapped[int] = mapped_column(BigInteger)
    params: Mapped[dict[str, Any]]
    answer: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Double)
    verdict: Mapped[str] = mapped_column(String(16))
    # Which mistake the answer matched: "mistakes[i]" of the drill, or "unit".
    mistake: Mapped[str | None] = mapped_column(String(32))
    time_spent_s: Mapped[float | None] = mapped_column(Double)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DesignSession(Base):
    """One timed system-design practice session on a prompt."""

    __tablename__ = "design_sessions"
    __table_args__ = (Index("ix_design_sessions_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(128))
    # The phase plan as chosen at the start: [{"name": ..., "minutes": ...}, ...].
    phases: Mapped[list[Any]] = mapped_column(JSON)
    phase: Mapped[int] = mapped_column(Integer, default=0)
    phase_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    diagram: Mapped[str] = mapped_column(Text, default="")
    self_assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class DesignNote(Base):
    """The learner's notes for one phase of a design session (one row per phase)."""

    __tablename__ = "design_notes"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("design_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Story(Base):
    """One behavioral story in a user's bank: STAR text, principles shown, metrics."""

    __tablename__ = "stories"
    __table_args__ = (Index("ix_stories_user_updated", "user_id", "updated_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    # Principle slugs from packs/behavioral/principles.toml, in the order the user chose.
    principles: Mapped[list[Any]] = mapped_column(JSON)
    # [{"name", "baseline", "after", "unit", "timeframe"}, ...]
    metrics: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Mock(Base):
    """One mock interview loop (a phone screen or an onsite) made of timed rounds."""

    __tablename__ = "mocks"
    __table_args__ = (Index("ix_mocks_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int] = mapped_column(BigInteger)
    # Position of the round under way (equal to the number of rounds once all are done).
    current: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]


class MockRound(Base):
    """One timed round of a mock: ML depth, coding or system design."""

    __tablename__ = "mock_rounds"
    __table_args__ = (Index("ix_mock_rounds_mock", "mock_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mock_id: Mapped[int] = mapped_column(ForeignKey("mocks.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    area: Mapped[str | None] = mapped_column(String(32))
    minutes: Mapped[float] = mapped_column(Double)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    finished_at: Mapped[datetime | None]


class MockItem(Base):
    """One thing to answer in a round: a card, an exercise, a design prompt, a behavioral prompt."""

    __tablename__ = "mock_items"
    __table_args__ = (Index("ix_mock_items_round", "round_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("mock_rounds.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(200))


class MockAnswer(Base):
    """The latest text typed for one part of an item (a design item has one part per phase)."""

    __tablename__ = "mock_answers"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("mock_items.id", ondelete="CASCADE"), primary_key=True
    )
    part: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MockClock(Base):
    """One running interval of a round's clock; an open one (no stop) means it is running."""

    __tablename__ = "mock_clock"
    __table_args__ = (Index("ix_mock_clock_round", "round_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("mock_rounds.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    stopped_at: Mapped[datetime | None]


class StudyPlanSettings(Base):
    """A user's interview date and study hours per day, from which the plan is recomputed."""

    __tablename__ = "study_plans"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    interview_date: Mapped[str] = mapped_column(String(10))  # ISO date, the interview's day
    hours_per_day: Mapped[float] = mapped_column(Double)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class HintReveal(Base):
    """One rung of an exercise's hint ladder that a user revealed, and when."""

    __tablename__ = "hint_reveals"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(128), primary_key=True)
    rung: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1 for the first hint
    revealed_at: Mapped[datetime] = mapped_column(default=utcnow)


class GiveUp(Base):
    """A user gave up on an exercise and was shown the reference solution."""

    __tablename__ = "give_ups"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slug: Mapped[str] = mapped_column(String(128), primary_key=True)
    gave_up_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserPrefs(Base):
    """A user's display settings: colour theme and code editor (no row: the defaults)."""

    __tablename__ = "user_prefs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    theme: Mapped[str] = mapped_column(String(8))
    editor_font_size: Mapped[int]
    editor_tab_width: Mapped[int]
    editor_keymap: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
