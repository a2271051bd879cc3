"""The behavioral story bank as Store methods: each user's stories, principles and metrics."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mldrills.errors import InvalidInput, NotFound
from mldrills.store.base import SessionOwner, flush_for_user, known_id
from mldrills.store.models import Story, utcnow

MAX_TITLE_CHARS = 200
MAX_STORY_CHARS = 20_000
MAX_METRICS = 10
MAX_PRINCIPLES = 12
_METRIC_TEXT = {"name": 100, "unit": 40, "timeframe": 100}


@dataclass(frozen=True)
class Metric:
    """A measured change a story claims: ``name`` went from ``baseline`` to ``after``."""

    name: str
    baseline: float | None = None
    after: float | None = None
    unit: str = ""
    timeframe: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "baseline": self.baseline,
            "after": self.after,
            "unit": self.unit,
            "timeframe": self.timeframe,
        }

    @classmethod
    def parse(cls, raw: Any, number: int) -> Metric:
        """A metric from JSON-like data; InvalidInput naming the metric when malformed."""
        where = f"metric {number}"
        if not isinstance(raw, dict):
            raise InvalidInput(f"{where} must be an object with a name")
        extra = set(raw) - {"name", "baseline", "after", "unit", "timeframe"}
        if extra:
            raise InvalidInput(f"{where}: unknown fields {sorted(extra)}")
        texts = {}
        for key, limit in _METRIC_TEXT.items():
            value = raw.get(key) or ""
            if not isinstance(value, str) or len(value) > limit:
                raise InvalidInput(f"{where}: {key} must be text of at most {limit} characters")
            texts[key] = value.strip()
        if not texts["name"]:
            raise InvalidInput(f"{where} needs a name")
        return cls(
            name=texts["name"],
            baseline=_number(raw.get("baseline"), f"{where}: baseline"),
            after=_number(raw.get("after"), f"{where}: after"),
            unit=texts["unit"],
            timeframe=texts["timeframe"],
        )


def _number(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInput(f"{where} must be a number")
    if not math.isfinite(value):
        raise InvalidInput(f"{where} must be finite")
    return float(value)


@dataclass(frozen=True)
class StoryRecord:
    """One story of a user's bank, detached from any session."""

    id: int
    user_id: int
    title: str
    text: str
    principles: tuple[str, ...]
    metrics: tuple[Metric, ...]
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready story."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "principles": list(self.principles),
            "metrics": [m.to_dict() for m in self.metrics],
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


def _record(row: Story) -> StoryRecord:
    return StoryRecord(
        id=row.id,
        user_id=row.user_id,
        title=row.title,
        text=row.text,
        principles=tuple(row.principles),
        metrics=tuple(Metric(**m) for m in row.metrics),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _checked(
    title: str, text: str, principles: list[str], metrics: list[Metric]
) -> tuple[str, list[str], list[dict[str, Any]]]:
    """The cleaned title, principles and metrics; InvalidInput for anything out of bounds."""
    title = title.strip()
    if not title or len(title) > MAX_TITLE_CHARS:
        raise InvalidInput(f"a story's title must be 1 to {MAX_TITLE_CHARS} characters")
    if len(text) > MAX_STORY_CHARS:
        raise InvalidInput(
            f"a story is at most {MAX_STORY_CHARS} characters; this one is {len(text)}"
        )
    if len(principles) > MAX_PRINCIPLES or len(metrics) > MAX_METRICS:
        raise InvalidInput(
            f"a story has at most {MAX_PRINCIPLES} principles and {MAX_METRICS} metrics"
        )
    unique = list(dict.fromkeys(principles))  # keep the user's order, drop repeats
    return title, unique, [m.to_dict() for m in metrics]


class StoriesMixin(SessionOwner):
    """Store methods for the behavioral story bank."""

    def _story_row(self, session: Session, user_id: int, story_id: int) -> Story:
        row = session.get(Story, story_id) if known_id(story_id) else None
        if row is None or row.user_id != user_id:
            raise NotFound(f"no story {story_id}", hint="`mldrills stories list` shows yours.")
        return row

    def create_story(
        self,
        user_id: int,
        title: str,
        text: str,
        principles: list[str],
        metrics: list[Metric],
    ) -> StoryRecord:
        """Add a story to the user's bank."""
        title, principles, rows = _checked(title, text, principles, metrics)
        now = utcnow()
        row = Story(
            user_id=user_id,
            title=title,
            text=text,
            principles=principles,
            metrics=rows,
            created_at=now,
            updated_at=now,
        )
        with self._session() as session:
            session.add(row)
            flush_for_user(session, user_id)
            return _record(row)

    def update_story(
        self,
        user_id: int,
        story_id: int,
        title: str,
        text: str,
        principles: list[str],
        metrics: list[Metric],
    ) -> StoryRecord:
        """Replace every field of one of the user's stories."""
        title, principles, rows = _checked(title, text, principles, metrics)
        with self._session() as session:
            row = self._story_row(session, user_id, story_id)
            row.title, row.text, row.principles, row.metrics = title, text, principles, rows
            row.updated_at = utcnow()
            session.flush()
            return _record(row)

    def story(self, user_id: int, story_id: int) -> StoryRecord:
        """One of the user's stories; NotFound for anyone else's."""
        with self._session() as session:
            return _record(self._story_row(session, user_id, story_id))

    def stories(self, user_id: int) -> list[StoryRecord]:
        """The user's stories, oldest first (a stable order for lists and exports)."""
        query = select(Story).where(Story.user_id == user_id).order_by(Story.id)
        with self._session() as session:
            return [_record(r) for r in session.scalars(query)]

    def delete_story(self, user_id: int, story_id: int) -> None:
        """Delete one of the user's stories; NotFound for anyone else's."""
        with self._session() as session:
            session.delete(self._story_row(session, user_id, story_id))
