"""Progress per syllabus area across exercises, cards and drills, and the cards due today.

The pure part (``area_progress``) combines per-area figures computed elsewhere: exercise
stats from the store, card stats from ``practice.review_stats``, drill stats from the
drill attempts. ``knowledge_progress`` gathers them for one user.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mldrills.content.decks import CardIndex, Deck
from mldrills.content.knowledge import cached_deck
from mldrills.content.pack import Meta
from mldrills.content.syllabus import Area, Syllabus, load_syllabus
from mldrills.errors import PackError
from mldrills.practice.review_stats import AreaStats, due_count, forecast
from mldrills.practice.review_stats import area_stats as card_area_stats
from mldrills.store import SlugStats, Store
from mldrills.store.drill_attempts import AreaDrillStats
from mldrills.store.drill_attempts import area_stats as drill_area_stats


@dataclass(frozen=True)
class AreaProgress:
    """One area's progress: exercises solved, cards learnt and due, drills answered."""

    area: str
    number: int
    title: str
    exercises: int
    solved: int
    attempted: int
    cards: int | None  # None: the area has no loadable deck yet
    cards_seen: int
    cards_due: int
    cards_mature: int
    retention: float | None
    drills: int
    drills_tried: int
    drill_answers: int
    drill_correct: int

    @property
    def percent(self) -> int:
        """Share of the area's items done: exercises solved, cards seen, drills tried."""
        total = self.exercises + (self.cards or 0) + self.drills
        done = self.solved + self.cards_seen + self.drills_tried
        return round(100 * done / total) if total else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "percent": self.percent}


def _exercise_counts(
    area: Area, metas: Mapping[str, Meta], stats: Mapping[str, SlugStats]
) -> tuple[int, int, int]:
    mine = [slug for slug in area.exercises if slug in metas]
    solved = sum(1 for s in mine if s in stats and stats[s]["passes"])
    attempted = sum(1 for s in mine if s in stats)
    return len(mine), solved, attempted


def area_progress(
    syllabus: Syllabus,
    metas: Sequence[Meta],
    exercise_stats: Mapping[str, SlugStats],
    card_stats: Mapping[str, AreaStats],
    drill_stats: Mapping[str, AreaDrillStats],
) -> list[AreaProgress]:
    """Every area in syllabus order, with the user's figures (zeros where none)."""
    by_slug = {m.slug: m for m in metas}
    out = []
    for area in syllabus.areas:
        total, solved, attempted = _exercise_counts(area, by_slug, exercise_stats)
        cards = card_stats.get(area.slug)
        drills = drill_stats.get(area.slug)
        out.append(
            AreaProgress(
                area=area.slug,
                number=area.number,
                title=area.title,
                exercises=total,
                solved=solved,
                attempted=attempted,
                cards=cards.cards if cards else None,
                cards_seen=cards.seen if cards else 0,
                cards_due=cards.due if cards else 0,
                cards_mature=cards.mature if cards else 0,
                retention=cards.retention if cards else None,
                drills=len(area.drills),
                drills_tried=drills["drills_tried"] if drills else 0,
                drill_answers=drills["attempts"] if drills else 0,
                drill_correct=drills["correct"] if drills else 0,
            )
        )
    return out


def loadable_decks(syllabus: Syllabus) -> list[Deck]:
    """The decks the syllabus names that load; a missing or broken one is left out."""
    decks = []
    for area in syllabus.areas:
        try:
            decks.append(cached_deck(syllabus.path(area.deck)))
        except PackError:
            continue  # `mldrills check` reports it; the dashboard shows "cards coming"
    return decks


def knowledge_progress(
    store: Store,
    user_id: int,
    packs: Path | str,
    metas: Sequence[Meta],
    exercise_stats: Mapping[str, SlugStats],
    now: datetime,
) -> dict[str, Any]:
    """Per-area progress and the cards due, for the dashboard.

    A syllabus that does not load is reported in ``problem`` (and the areas are empty)
    rather than taking the whole dashboard down.
    """
    try:
        syllabus = load_syllabus(packs)
    except PackError as exc:
        return {"areas": [], "due_now": 0, "due_today": 0, "problem": exc.message}
    index = CardIndex(loadable_decks(syllabus))
    areas = area_progress(
        syllabus,
        metas,
        exercise_stats,
        card_area_stats(store, user_id, now, index),
        drill_area_stats(store, user_id),
    )
    return {
        "areas": [a.to_dict() for a in areas],
        "due_now": due_count(store, user_id, now),
        "due_today": forecast(store, user_id, now, days=1)[0][1],
        "problem": None,
    }
