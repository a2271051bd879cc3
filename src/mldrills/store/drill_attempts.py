"""Answers to numeric drills as Store methods, and per-area drill progress."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypedDict

from sqlalchemy import func, select

from mldrills.errors import InvalidInput
from mldrills.store.base import SessionOwner, check_slug, flush_for_user
from mldrills.store.models import DrillAttempt

DRILL_VERDICTS = ("correct", "close", "mistake", "wrong")
MAX_ANSWER_CHARS = 200


@dataclass(frozen=True)
class DrillAttemptRecord:
    """One stored answer to a drill instance, detached from any session."""

    id: int
    user_id: int
    slug: str
    area: str
    seed: int
    answer: str
    value: float | None
    verdict: str
    mistake: str | None
    time_spent_s: float | None
    created_at: datetime
    params: dict[str, Any] = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready attempt."""
        return {
            "id": self.id,
            "slug": self.slug,
            "area": self.area,
            "seed": self.seed,
            "answer": self.answer,
            "value": self.value,
            "verdict": self.verdict,
            "mistake": self.mistake,
            "time_spent_s": self.time_spent_s,
            "created_at": self.created_at.isoformat(),
        }


class AreaDrillStats(TypedDict):
    """Drill progress in one syllabus area."""

    attempts: int
    drills_tried: int
    correct: int
    correct_share: float


def _record(row: DrillAttempt) -> DrillAttemptRecord:
    return DrillAttemptRecord(
        id=row.id,
        user_id=row.user_id,
        slug=row.slug,
        area=row.area,
        seed=row.seed,
        answer=row.answer,
        value=row.value,
        verdict=row.verdict,
        mistake=row.mistake,
        time_spent_s=row.time_spent_s,
        created_at=row.created_at,
        params=row.params,
    )


def _check(verdict: str, answer: str, value: float | None, seconds: float | None) -> None:
    if verdict not in DRILL_VERDICTS:
        raise InvalidInput(f"drill verdict {verdict!r}: expected {', '.join(DRILL_VERDICTS)}")
    if len(answer) > MAX_ANSWER_CHARS:
        raise InvalidInput(f"a drill answer is at most {MAX_ANSWER_CHARS} characters")
    for name, number in (("value", value), ("time spent", seconds)):
        if number is not None and not math.isfinite(number):
            raise InvalidInput(f"drill {name} must be a finite number")
    if seconds is not None and seconds < 0:
        raise InvalidInput("time spent cannot be negative")


class DrillAttemptsMixin(SessionOwner):
    """Store methods for drill answers."""

    def record_drill_attempt(
        self,
        user_id: int,
        *,
        slug: str,
        area: str,
        seed: int,
        params: dict[str, Any],
        answer: str,
        value: float | None,
        verdict: str,
        mistake: str | None = None,
        time_spent_s: float | None = None,
    ) -> DrillAttemptRecord:
        """Store one graded answer to a drill instance."""
        check_slug(slug)
        _check(verdict, answer, value, time_spent_s)
        row = DrillAttempt(
            user_id=user_id,
            slug=slug,
            area=area,
            seed=seed,
            params=params,
            answer=answer,
            value=value,
            verdict=verdict,
            mistake=mistake,
            time_spent_s=time_spent_s,
        )
        with self._session() as session:
            session.add(row)
            flush_for_user(session, user_id)
            return _record(row)

    def drill_attempts(
        self, user_id: int, *, slug: str | None = None, limit: int = 50
    ) -> list[DrillAttemptRecord]:
        """The user's drill answers, newest first, optionally for one drill only."""
        query = select(DrillAttempt).where(DrillAttempt.user_id == user_id)
        if slug is not None:
            query = query.where(DrillAttempt.slug == slug)
        query = query.order_by(DrillAttempt.created_at.desc(), DrillAttempt.id.desc())
        with self._session() as session:
            return [_record(r) for r in session.scalars(query.limit(max(limit, 0)))]

    def drill_slug_stats(self, user_id: int) -> dict[str, tuple[int, int]]:
        """Per drill slug: (answers given, correct answers)."""
        query = (
            select(
                DrillAttempt.slug,
                func.count(),
                func.count().filter(DrillAttempt.verdict == "correct"),
            )
            .where(DrillAttempt.user_id == user_id)
            .group_by(DrillAttempt.slug)
        )
        with self._session() as session:
            return {slug: (n, ok) for slug, n, ok in session.execute(query).all()}

    def drill_area_stats(self, user_id: int) -> dict[str, AreaDrillStats]:
        """Per area: answers given, distinct drills tried, correct answers and their share."""
        query = (
            select(
                DrillAttempt.area,
                func.count(),
                func.count(DrillAttempt.slug.distinct()),
                func.count().filter(DrillAttempt.verdict == "correct"),
            )
            .where(DrillAttempt.user_id == user_id)
            .group_by(DrillAttempt.area)
        )
        with self._session() as session:
            rows = session.execute(query).all()
        return {
            area: AreaDrillStats(
                attempts=n, drills_tried=tried, correct=ok, correct_share=ok / n if n else 0.0
            )
            for area, n, tried, ok in rows
        }


class _HasDrillStats(Protocol):
    def drill_area_stats(self, user_id: int) -> dict[str, AreaDrillStats]: ...


def area_stats(store: _HasDrillStats, user_id: int) -> dict[str, AreaDrillStats]:
    """Drill progress per syllabus area (for the dashboard): see AreaDrillStats."""
    return store.drill_area_stats(user_id)
