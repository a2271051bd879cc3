"""System-design practice sessions as Store methods: the plan, the clock, notes per phase."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mldrills.errors import InvalidInput, NotFound
from mldrills.store.base import SessionOwner, check_slug, flush_for_user, known_id
from mldrills.store.models import DesignNote, DesignSession, utcnow

# Notes per phase are graded one phase at a time, so this matches the grader's limit.
MAX_NOTE_CHARS = 8000
MAX_DIAGRAM_CHARS = 4000


@dataclass(frozen=True)
class DesignSessionRecord:
    """A design session with its notes, detached from any session."""

    id: int
    user_id: int
    slug: str
    phases: list[dict[str, Any]]
    phase: int
    phase_started_at: datetime
    diagram: str
    notes: dict[str, str]
    self_assessment: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready session."""
        return {
            "id": self.id,
            "slug": self.slug,
            "phases": self.phases,
            "phase": self.phase,
            "phase_started_at": self.phase_started_at.isoformat(),
            "diagram": self.diagram,
            "notes": dict(self.notes),
            "self_assessment": self.self_assessment,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
        }


def _record(row: DesignSession, notes: dict[str, str]) -> DesignSessionRecord:
    return DesignSessionRecord(
        id=row.id,
        user_id=row.user_id,
        slug=row.slug,
        phases=list(row.phases),
        phase=row.phase,
        phase_started_at=row.phase_started_at,
        diagram=row.diagram,
        notes=notes,
        self_assessment=row.self_assessment,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
    )


def _notes(session: Session, session_id: int) -> dict[str, str]:
    rows = session.scalars(select(DesignNote).where(DesignNote.session_id == session_id))
    return {r.phase: r.text for r in rows}


def _check_text(text: str, what: str) -> None:
    # PostgreSQL text cannot hold NUL; refuse it on every backend so both behave alike.
    if "\x00" in text:
        raise InvalidInput(f"{what} cannot contain NUL characters")


class DesignMixin(SessionOwner):
    """Store methods for design practice sessions."""

    def _design_row(self, session: Session, user_id: int, session_id: int) -> DesignSession:
        row = session.get(DesignSession, session_id) if known_id(session_id) else None
        if row is None or row.user_id != user_id:
            raise NotFound(f"no design session {session_id}")
        return row

    def create_design_session(
        self, user_id: int, slug: str, phases: list[dict[str, Any]]
    ) -> DesignSessionRecord:
        """Start a session on prompt ``slug`` with the given phase plan."""
        check_slug(slug)
        now = utcnow()
        row = DesignSession(
            user_id=user_id,
            slug=slug,
            phases=phases,
            phase=0,
            phase_started_at=now,
            diagram="",
            created_at=now,
            updated_at=now,
        )
        with self._session() as session:
            session.add(row)
            flush_for_user(session, user_id)
            return _record(row, {})

    def design_session(self, user_id: int, session_id: int) -> DesignSessionRecord:
        """One of the user's sessions with its notes; NotFound for anyone else's."""
        with self._session() as session:
            row = self._design_row(session, user_id, session_id)
            return _record(row, _notes(session, row.id))

    def design_sessions(
        self, user_id: int, *, slug: str | None = None, limit: int = 50
    ) -> list[DesignSessionRecord]:
        """The user's sessions, newest first, optionally on one prompt only."""
        query = select(DesignSession).where(DesignSession.user_id == user_id)
        if slug is not None:
            query = query.where(DesignSession.slug == slug)
        query = query.order_by(DesignSession.created_at.desc(), DesignSession.id.desc())
        with self._session() as session:
            rows = list(session.scalars(query.limit(max(limit, 0))))
            return [_record(r, _notes(session, r.id)) for r in rows]

    def save_design_note(
        self, user_id: int, session_id: int, phase: str, text: str
    ) -> DesignSessionRecord:
        """Replace the notes of one phase (creating them on first save)."""
        _check_text(text, "notes")
        if len(text) > MAX_NOTE_CHARS:
            raise InvalidInput(
                f"notes for one phase are at most {MAX_NOTE_CHARS} characters; "
                f"these are {len(text)}"
            )
        with self._session() as session:
            row = self._design_row(session, user_id, session_id)
            now = utcnow()
            note = session.get(DesignNote, (session_id, phase))
            if note is None:
                session.add(DesignNote(session_id=session_id, phase=phase, text=text))
            else:
                note.text, note.updated_at = text, now
            row.updated_at = now
            session.flush()
            return _record(row, _notes(session, row.id))

    def save_design_diagram(self, user_id: int, session_id: int, text: str) -> None:
        """Replace the session's architecture sketch."""
        _check_text(text, "a diagram")
        if len(text) > MAX_DIAGRAM_CHARS:
            raise InvalidInput(f"a diagram is at most {MAX_DIAGRAM_CHARS} characters")
        with self._session() as session:
            row = self._design_row(session, user_id, session_id)
            row.diagram, row.updated_at = text, utcnow()

    def set_design_phase(self, user_id: int, session_id: int, phase: int) -> None:
        """Move the session to phase number ``phase`` and restart that phase's clock."""
        with self._session() as session:
            row = self._design_row(session, user_id, session_id)
            if not 0 <= phase < len(row.phases):
                raise InvalidInput(f"phase {phase} does not exist (0-{len(row.phases) - 1})")
            now = utcnow()
            row.phase, row.phase_started_at, row.updated_at = phase, now, now

    def finish_design_session(
        self, user_id: int, session_id: int, self_assessment: dict[str, Any] | None
    ) -> None:
        """Mark the session finished (once) and store the self-assessment, if given."""
        with self._session() as session:
            row = self._design_row(session, user_id, session_id)
            now = utcnow()
            row.finished_at = row.finished_at or now
            if self_assessment is not None:
                row.self_assessment = self_assessment
            row.updated_at = now
