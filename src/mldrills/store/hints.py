"""Help taken on exercises as Store methods: hints revealed (which rung, when) and give-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from mldrills.errors import InvalidInput
from mldrills.store.base import SessionOwner, check_slug, flush_for_user
from mldrills.store.models import GiveUp, HintReveal, utcnow

MAX_RUNG = 10  # far above the 3 hints an editorial may hold; a bound the table can trust


@dataclass(frozen=True)
class HelpRecord:
    """The help a user took on one exercise: when each hint was revealed, and any give-up."""

    slug: str
    hint_times: tuple[datetime, ...]  # rung 1 first
    gave_up_at: datetime | None

    @property
    def hints(self) -> int:
        """How many hints were revealed."""
        return len(self.hint_times)

    @property
    def first_help_at(self) -> datetime | None:
        """The first hint or give-up: a solve after it is not a clean one."""
        times = [*self.hint_times, *([self.gave_up_at] if self.gave_up_at else [])]
        return min(times, default=None)


class HintsMixin(SessionOwner):
    """Store methods for the hint ladder and giving up."""

    def reveal_hint(self, user_id: int, slug: str, rung: int) -> datetime:
        """Record that ``rung`` (1-based) was revealed; revealing it again keeps the first time."""
        check_slug(slug)
        if not 1 <= rung <= MAX_RUNG:
            raise InvalidInput(f"hint rung must be between 1 and {MAX_RUNG}, got {rung}")
        with self._session() as session:
            existing = session.get(HintReveal, (user_id, slug, rung))
            if existing is not None:
                return existing.revealed_at
            row = HintReveal(user_id=user_id, slug=slug, rung=rung, revealed_at=utcnow())
            session.add(row)
            flush_for_user(session, user_id)
            return row.revealed_at

    def record_give_up(self, user_id: int, slug: str) -> datetime:
        """Record that the user gave up on ``slug``; giving up again keeps the first time."""
        check_slug(slug)
        with self._session() as session:
            existing = session.get(GiveUp, (user_id, slug))
            if existing is not None:
                return existing.gave_up_at
            row = GiveUp(user_id=user_id, slug=slug, gave_up_at=utcnow())
            session.add(row)
            flush_for_user(session, user_id)
            return row.gave_up_at

    def help_taken(self, user_id: int, slug: str) -> HelpRecord:
        """The hints revealed on one exercise and when the user gave up (if ever)."""
        hints = (
            select(HintReveal.revealed_at)
            .where(HintReveal.user_id == user_id, HintReveal.slug == slug)
            .order_by(HintReveal.rung)
        )
        with self._session() as session:
            times = tuple(session.scalars(hints))
            gave_up = session.get(GiveUp, (user_id, slug))
            return HelpRecord(slug, times, gave_up.gave_up_at if gave_up else None)

    def first_help(self, user_id: int) -> dict[str, datetime]:
        """Per exercise slug: when the user first took help (a hint or giving up)."""
        hints = (
            select(HintReveal.slug, func.min(HintReveal.revealed_at))
            .where(HintReveal.user_id == user_id)
            .group_by(HintReveal.slug)
        )
        give_ups = select(GiveUp.slug, GiveUp.gave_up_at).where(GiveUp.user_id == user_id)
        out: dict[str, datetime] = {}
        with self._session() as session:
            for slug, when in [*session.execute(hints).all(), *session.execute(give_ups).all()]:
                out[slug] = min(out.get(slug, when), when)
        return out

    def give_ups(self, user_id: int) -> dict[str, datetime]:
        """Per exercise slug: when the user gave up on it."""
        query = select(GiveUp.slug, GiveUp.gave_up_at).where(GiveUp.user_id == user_id)
        with self._session() as session:
            return {slug: when for slug, when in session.execute(query).all()}
