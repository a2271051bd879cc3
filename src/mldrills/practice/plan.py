"""The study plan: time until the interview spread across the syllabus, weighted to weak areas.

Weakness per area blends what the learner's results say (exercise passes, card retention,
drill accuracy, mock round scores) with a prior of 0.5 for an area with no evidence, so
one lucky answer does not mark an area strong. The plan is a pure function of those
figures and the date: the same data gives the same plan, and new results re-plan it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from mldrills.content.decks import CardIndex
from mldrills.content.pack import Meta
from mldrills.content.syllabus import load_syllabus, syllabus_path
from mldrills.errors import InvalidInput, NotFound
from mldrills.practice.progress import AreaProgress, area_progress, loadable_decks
from mldrills.practice.review_stats import area_stats as card_area_stats
from mldrills.store import SlugStats, Store
from mldrills.store.mocks import MockRecord

PRIOR_WEIGHT = 2.0  # how many observations the 0.5 prior is worth
MOCK_WEIGHT = 3.0  # one mock round counts like three practice results
MAX_HOURS = 16.0
MAX_DAYS = 365
CARD_MINUTES = 2  # one card reviewed, on average
DRILL_MINUTES = 10
GUIDE_MINUTES = 25
MOCK_MINUTES = {"screen": 55, "onsite": 180}


def weakness(areas: Sequence[AreaProgress], mocks: Sequence[MockRecord]) -> dict[str, float]:
    """Per area, 1 - smoothed success rate (0.5 with no evidence; higher is weaker)."""
    evidence: dict[str, list[tuple[float, float]]] = {a.area: [] for a in areas}
    for a in areas:
        if a.attempted:
            evidence[a.area].append((a.solved / a.attempted, float(a.attempted)))
        if a.retention is not None and a.cards_seen:
            evidence[a.area].append((a.retention, float(a.cards_seen)))
        if a.drill_answers:
            evidence[a.area].append((a.drill_correct / a.drill_answers, float(a.drill_answers)))
    for mock in mocks:
        for round_ in mock.rounds:
            result = round_.result or {}
            if round_.area in evidence and "score" in result:
                evidence[round_.area].append((float(result["score"]), MOCK_WEIGHT))
            told = result.get("behavioral_score")
            if told is not None and "behavioral" in evidence:
                evidence["behavioral"].append((float(told), MOCK_WEIGHT))
    out = {}
    for area, items in evidence.items():
        total = sum(w for _, w in items) + PRIOR_WEIGHT
        strength = (sum(s * w for s, w in items) + 0.5 * PRIOR_WEIGHT) / total
        out[area] = round(1.0 - strength, 4)
    return out


@dataclass(frozen=True)
class PlanItem:
    """One concrete thing to do today, with its link and estimated minutes."""

    area: str
    kind: str  # guide, cards, exercise, drill, mock
    link: str  # a content link (guide:llm, exercise:x, drill:x, deck:x) or page:/path
    title: str
    minutes: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "area": self.area,
            "kind": self.kind,
            "link": self.link,
            "title": self.title,
            "minutes": self.minutes,
        }


@dataclass(frozen=True)
class AreaInputs:
    """What today's items can be drawn from in one area."""

    progress: AreaProgress
    unsolved: tuple[tuple[str, str, int], ...]  # (slug, title, minutes), easiest first
    untried_drills: tuple[str, ...]


def check_inputs(interview: date, today: date, hours: float) -> int:
    """Days left (today counts); InvalidInput for a past date or impossible hours."""
    if not 0 < hours <= MAX_HOURS:
        raise InvalidInput(f"hours per day must be more than 0 and at most {MAX_HOURS:g}")
    days = (interview - today).days
    if days < 0:
        raise InvalidInput(f"the interview date {interview.isoformat()} is in the past")
    if days > MAX_DAYS:
        raise InvalidInput(f"plan at most {MAX_DAYS} days ahead")
    return max(days, 1)


def allocation(weak: Mapping[str, float], minutes: float) -> dict[str, int]:
    """Minutes per area: every area gets a floor, weak areas get more."""
    weights = {a: 0.3 + w for a, w in weak.items()}
    total = sum(weights.values()) or 1.0
    return {a: round(minutes * w / total) for a, w in weights.items()}


def _area_items(inputs: AreaInputs) -> list[PlanItem]:
    p = inputs.progress
    items = []
    if p.exercises + (p.cards or 0) + p.drills and p.percent == 0:
        items.append(
            PlanItem(p.area, "guide", f"guide:{p.area}", f"Read: {p.title}", GUIDE_MINUTES)
        )
    if p.cards_due:
        minutes = max(5, min(p.cards_due * CARD_MINUTES, 30))
        title = f"Review {p.cards_due} due card(s)"
        items.append(PlanItem(p.area, "cards", f"deck:{p.area}", title, minutes))
    elif p.cards and p.cards_seen < p.cards:
        items.append(PlanItem(p.area, "cards", f"deck:{p.area}", "Learn 5 new cards", 10))
    for slug, title, minutes in inputs.unsolved[:1]:
        items.append(PlanItem(p.area, "exercise", f"exercise:{slug}", title, minutes))
    for slug in inputs.untried_drills[:1]:
        items.append(PlanItem(p.area, "drill", f"drill:{slug}", f"Drill: {slug}", DRILL_MINUTES))
    return items


def today_items(
    inputs: Sequence[AreaInputs], weak: Mapping[str, float], budget: float, days_left: int
) -> list[PlanItem]:
    """Today's items: weakest areas first, until the day's minutes are used."""
    chosen: list[PlanItem] = []
    used = 0
    if days_left <= 2:
        kind = "onsite" if budget >= MOCK_MINUTES["onsite"] else "screen"
        mock = PlanItem("all", "mock", "page:/mocks", f"A {kind} mock loop", MOCK_MINUTES[kind])
        chosen.append(mock)
        used += mock.minutes
    order = sorted(inputs, key=lambda i: (-weak.get(i.progress.area, 0.5), i.progress.number))
    for area in order:
        for item in _area_items(area):
            if used + item.minutes <= budget or not chosen:
                chosen.append(item)
                used += item.minutes
        if used >= budget:
            break
    return chosen


def build(
    inputs: Sequence[AreaInputs],
    mocks: Sequence[MockRecord],
    interview: date,
    today: date,
    hours: float,
) -> dict[str, Any]:
    """The plan as data: days left, weakness and minutes per area, and today's items."""
    days = check_inputs(interview, today, hours)
    weak = weakness([i.progress for i in inputs], mocks)
    per_area = allocation(weak, days * hours * 60)
    items = today_items(inputs, weak, hours * 60, days)
    return {
        "interview_date": interview.isoformat(),
        "today": today.isoformat(),
        "days_left": days,
        "hours_per_day": hours,
        "areas": [
            {
                "area": i.progress.area,
                "title": i.progress.title,
                "weakness": weak[i.progress.area],
                "minutes": per_area[i.progress.area],
            }
            for i in sorted(inputs, key=lambda i: -weak[i.progress.area])
        ],
        "items": [item.to_dict() for item in items],
        "minutes_today": sum(item.minutes for item in items),
    }


def gather(
    store: Store,
    user_id: int,
    packs: Path | str,
    metas: Sequence[Meta],
    stats: Mapping[str, SlugStats],
    now: datetime | None = None,
) -> list[AreaInputs]:
    """Each area's progress and the items today's plan can draw from, for one user."""
    now = now or datetime.now(UTC)
    if not syllabus_path(packs).exists():
        raise NotFound("the packs folder has no syllabus.toml; the plan spans its areas")
    syllabus = load_syllabus(packs)
    index = CardIndex(loadable_decks(syllabus))
    progress = area_progress(
        syllabus,
        metas,
        stats,
        card_area_stats(store, user_id, now, index),
        store.drill_area_stats(user_id),
    )
    by_slug = {m.slug: m for m in metas}
    tried = store.drill_slug_stats(user_id)
    out = []
    for area, prog in zip(syllabus.areas, progress, strict=True):
        unsolved = sorted(
            (
                (by_slug[s].difficulty != "easy", by_slug[s].time_minutes, s)
                for s in area.exercises
                if s in by_slug and not (s in stats and stats[s]["passes"])
            ),
        )
        out.append(
            AreaInputs(
                progress=prog,
                unsolved=tuple((s, by_slug[s].title, m) for _, m, s in unsolved),
                untried_drills=tuple(d for d in area.drills if d not in tried),
            )
        )
    return out


def for_user(
    store: Store,
    user_id: int,
    packs: Path | str,
    metas: Sequence[Meta],
    stats: Mapping[str, SlugStats],
    today: date | None = None,
) -> dict[str, Any] | None:
    """The user's plan from their stored date and hours, or None when none is set."""
    chosen = store.study_plan_settings(user_id)
    if chosen is None:
        return None
    today = today or datetime.now(UTC).date()
    inputs = gather(store, user_id, packs, metas, stats)
    return build(inputs, store.mocks(user_id), date.fromisoformat(chosen[0]), today, chosen[1])


def parse_date(text: str) -> date:
    """Read YYYY-MM-DD; InvalidInput otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"date {text!r}: write it as YYYY-MM-DD") from None


def set_plan(
    store: Store, user_id: int, interview: date, hours: float, today: date | None = None
) -> None:
    """Check and remember the interview date and hours per day."""
    check_inputs(interview, today or datetime.now(UTC).date(), hours)
    store.set_study_plan(user_id, interview.isoformat(), hours)
