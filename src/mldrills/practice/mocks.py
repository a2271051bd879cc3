"""Mock interview loops: assemble timed rounds from the packs, keep the clock, grade, report.

A mock is stored as it happens (every answer on each change, every start and pause of a
round's clock), so it resumes wherever it stopped. Rounds draw on the other features:
cards graded on their rubrics, an exercise judged for real (through a callback the CLI or
web supplies), a design prompt in phases and behavioral prompts read by the STAR analyzer.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.content.behavioral import load_behavioral
from mldrills.content.catalog import Catalog
from mldrills.content.decks import CardIndex
from mldrills.content.prompts import load_prompts
from mldrills.content.syllabus import Syllabus, load_syllabus, syllabus_path
from mldrills.errors import InvalidInput, NotFound
from mldrills.practice import behavioral, design
from mldrills.practice.progress import loadable_decks
from mldrills.store import Store
from mldrills.store.mocks import MockItemRecord, MockRecord, MockRoundRecord, RoundPlan
from mldrills.store.models import utcnow

KINDS = ("screen", "onsite")
ROUND_KINDS = ("ml", "coding", "design")
ROUND_TITLES = {"ml": "ML depth", "coding": "Coding", "design": "System design"}
# Round sequence per mock kind; a behavioral prompt closes every round.
SEQUENCES = {"screen": ("ml", "coding"), "onsite": ("ml", "coding", "design", "ml")}
# Default minutes per round kind and mock kind (a screen is about an hour all told).
DEFAULT_MINUTES = {
    "screen": {"ml": 20.0, "coding": 35.0, "design": 45.0},
    "onsite": {"ml": 45.0, "coding": 45.0, "design": 45.0},
}
CARDS_PER_ROUND = {"screen": 3, "onsite": 4}
MAX_ROUND_MINUTES = 180.0
NOT_ML_DEPTH = frozenset({"coding", "behavioral"})  # card areas an ML-depth round skips
PASS_MARK = 0.6  # a round scoring under this sends its area to the weak list
BEHAVIORAL_PART = ""  # answers with one text use this part name

# grade_code(slug, code) -> judge result dict (status, passed, total, ...), recorded as an attempt.
CodeGrader = Callable[[str, str], dict[str, Any]]


@dataclass(frozen=True)
class Packs:
    """The content a mock draws on, loaded once per call."""

    root: Path | None
    syllabus: Syllabus
    cards: CardIndex
    catalog: Catalog

    @classmethod
    def load(cls, root: Path | str | None = None) -> Packs:
        """Load the syllabus, decks and exercises under ``root`` (the packs setting by default).

        NotFound when the packs folder has no syllabus (nothing to draw rounds from);
        PackError when it has a broken one.
        """
        if not syllabus_path(root).exists():
            raise NotFound("the packs folder has no syllabus.toml; mock rounds are drawn from it")
        syllabus = load_syllabus(root)
        path = Path(root) if root is not None else None
        return cls(path, syllabus, CardIndex(loadable_decks(syllabus)), Catalog(root))


def parse_minutes(text: str | None) -> dict[str, float]:
    """Read "ml=20,coding=40" into minutes per round kind; InvalidInput naming the bad part."""
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        kind, sep, value = part.partition("=")
        kind = kind.strip()
        if not sep or kind not in ROUND_KINDS:
            raise InvalidInput(
                f"round minutes {part!r}: write kind=minutes with kind one of "
                f"{', '.join(ROUND_KINDS)}, e.g. ml=20,coding=40"
            )
        try:
            out[kind] = float(value)
        except ValueError:
            raise InvalidInput(
                f"round minutes {part!r}: {value.strip()!r} is not a number"
            ) from None
    return out


def round_minutes(kind: str, minutes: Mapping[str, float] | None) -> dict[str, float]:
    """The minutes of each round kind: the defaults of ``kind`` with ``minutes`` on top."""
    if kind not in KINDS:
        raise InvalidInput(f"mock kind {kind!r}: use one of {', '.join(KINDS)}")
    chosen = {**DEFAULT_MINUTES[kind], **(minutes or {})}
    for name, value in chosen.items():
        if not 0 < value <= MAX_ROUND_MINUTES:
            raise InvalidInput(
                f"a {name} round lasts more than 0 and at most {MAX_ROUND_MINUTES:g} minutes"
            )
    return chosen


def _weighted(rng: random.Random, options: list[str], weakness: Mapping[str, float]) -> str:
    # Weak areas come up more often, but every area can come up.
    weights = [0.25 + weakness.get(o, 0.5) for o in options]
    return rng.choices(options, weights=weights, k=1)[0]


def _ml_items(
    rng: random.Random, packs: Packs, weakness: Mapping[str, float], used: set[str], n: int
) -> tuple[str, list[tuple[str, str]]]:
    # Coding and behavioral cards have rounds of their own; the rest are ML depth.
    topical = [a for a in packs.cards.areas if a not in NOT_ML_DEPTH] or list(packs.cards.areas)
    areas = [a for a in topical if a not in used] or topical
    if not areas:
        raise NotFound("the packs have no concept cards for an ML-depth round")
    area = _weighted(rng, sorted(areas), weakness)
    used.add(area)
    cards = list(packs.cards.of_area(area))
    rng.shuffle(cards)
    return area, [("card", c.key) for c in cards[:n]]


def _coding_item(
    rng: random.Random, packs: Packs, weakness: Mapping[str, float], used: set[str]
) -> tuple[str | None, list[tuple[str, str]]]:
    by_area: dict[str, list[str]] = {}
    for entry in packs.syllabus.areas:
        slugs = [s for s in entry.exercises if s in packs.catalog.slugs and s not in used]
        if slugs:
            by_area[entry.slug] = slugs
    if not by_area:
        slugs = [s for s in packs.catalog.slugs if s not in used]
        if not slugs:
            raise NotFound("the packs have no exercises for a coding round")
        by_area = {"": slugs}
    area = _weighted(rng, sorted(by_area), weakness)
    slug = rng.choice(sorted(by_area[area]))
    used.add(slug)
    return area or None, [("exercise", slug)]


def _design_item(
    rng: random.Random, packs: Packs, weakness: Mapping[str, float]
) -> tuple[str | None, list[tuple[str, str]]]:
    prompts, _problems = load_prompts(packs.root)
    if not prompts:
        raise NotFound("the packs have no design prompts for a system-design round")
    weights = [0.25 + max((weakness.get(a, 0.5) for a in p.areas), default=0.5) for p in prompts]
    prompt = rng.choices(prompts, weights=weights, k=1)[0]
    return (prompt.areas[0] if prompt.areas else None), [("design", prompt.slug)]


def sequence_of(kind: str, coding_rounds: int = 1) -> tuple[str, ...]:
    """The round kinds of a mock; an onsite may have a second coding round at the end."""
    if kind not in KINDS:
        raise InvalidInput(f"mock kind {kind!r}: use one of {', '.join(KINDS)}")
    most = 2 if kind == "onsite" else 1
    if not 1 <= coding_rounds <= most:
        raise InvalidInput(f"a {kind} has 1{' or 2' if most == 2 else ''} coding round(s)")
    return SEQUENCES[kind] + ("coding",) * (coding_rounds - 1)


def assemble(
    kind: str,
    packs: Packs,
    weakness: Mapping[str, float],
    seed: int,
    minutes: Mapping[str, float] | None = None,
    coding_rounds: int = 1,
) -> list[RoundPlan]:
    """The rounds of a ``kind`` mock, reproducible from ``seed``, biased to weak areas."""
    sequence = sequence_of(kind, coding_rounds)
    lengths = round_minutes(kind, minutes)
    rng = random.Random(seed)
    pack = load_behavioral(packs.root)
    stories = behavioral.pick_prompts(pack, len(sequence), seed=seed)
    used_areas: set[str] = set()
    used_exercises: set[str] = set()
    rounds = []
    for position, round_kind in enumerate(sequence):
        area: str | None
        if round_kind == "ml":
            area, items = _ml_items(rng, packs, weakness, used_areas, CARDS_PER_ROUND[kind])
        elif round_kind == "coding":
            area, items = _coding_item(rng, packs, weakness, used_exercises)
        else:
            area, items = _design_item(rng, packs, weakness)
        # Fewer prompts than rounds: the last ones repeat rather than leave a round without.
        prompt = stories[min(position, len(stories) - 1)]
        items.append(("behavioral", prompt.slug))
        rounds.append(
            RoundPlan(round_kind, ROUND_TITLES[round_kind], area, lengths[round_kind], tuple(items))
        )
    return rounds


def start(
    store: Store,
    user_id: int,
    kind: str,
    *,
    weakness: Mapping[str, float] | None = None,
    seed: int | None = None,
    minutes: Mapping[str, float] | None = None,
    coding_rounds: int = 1,
    root: Path | str | None = None,
) -> MockRecord:
    """Assemble and store a new mock; its first round's clock starts at once."""
    if seed is None:
        seed = random.SystemRandom().randrange(2**31)
    sequence_of(kind, coding_rounds)  # a bad request fails before any content loads
    plans = assemble(kind, Packs.load(root), weakness or {}, seed, minutes, coding_rounds)
    record = store.create_mock(user_id, kind, seed, plans)
    store.run_mock_clock(user_id, record.id, record.rounds[0].id, True)
    return store.mock(user_id, record.id)


def current_round(record: MockRecord) -> MockRoundRecord | None:
    """The round under way, or None once every round is finished."""
    return record.rounds[record.current] if record.current < len(record.rounds) else None


def used_seconds(round_: MockRoundRecord, now: datetime | None = None) -> float:
    """Seconds the round's clock has run: the sum of its intervals, an open one up to now."""
    now = now or utcnow()
    return sum(
        max(((stop or now) - begin).total_seconds(), 0.0) for begin, stop in round_.intervals
    )


def clock(round_: MockRoundRecord, now: datetime | None = None) -> dict[str, Any]:
    """Where a round's clock stands: used, left (negative when over), running or paused."""
    used = used_seconds(round_, now)
    budget = round_.minutes * 60
    return {
        "round": round_.position,
        "running": round_.running,
        "used_s": round(used, 1),
        "left_s": round(budget - used, 1),
        "budget_s": budget,
        "over": used > budget,
        "finished": round_.finished_at is not None,
    }


def _item(record: MockRecord, item_id: int) -> tuple[MockRoundRecord, MockItemRecord]:
    for round_ in record.rounds:
        for item in round_.items:
            if item.id == item_id:
                return round_, item
    raise NotFound(f"mock {record.id} has no item {item_id}")


def design_phases(round_: MockRoundRecord) -> list[design.PhasePlan]:
    """The design phases scaled to the round's minutes (the behavioral prompt takes 5)."""
    usable = max(round_.minutes - 5, round_.minutes * 0.8)
    total = sum(p.minutes for p in design.PHASES)
    return design.plan([p.minutes * usable / total for p in design.PHASES])


def save_answer(
    store: Store, user_id: int, mock_id: int, item_id: int, text: str, part: str = ""
) -> datetime:
    """Store the text typed for an item (a design item: one part per phase)."""
    _round, item = _item(store.mock(user_id, mock_id), item_id)
    allowed = [p.id for p in design.PHASES] if item.kind == "design" else [BEHAVIORAL_PART]
    if part not in allowed:
        shown = ", ".join(repr(p) for p in allowed)
        raise InvalidInput(f"item {item_id} ({item.kind}) has no part {part!r}; parts: {shown}")
    return store.save_mock_answer(user_id, mock_id, item_id, part, text)


def code_file(mock_id: int, item: MockItemRecord, starter: Path) -> Path:
    """The mock's own copy of an exercise's file (never the learner's usual workspace, which
    may hold an earlier solution): created from the saved answer, else the starter."""
    path = Path(settings.get("workspace_dir")) / "mocks" / str(mock_id) / f"{item.ref}.py"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        saved = item.answers.get("", "")
        path.write_text(saved or starter.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _round_of(record: MockRecord, round_id: int | None) -> MockRoundRecord:
    if round_id is None:
        found = current_round(record)
        if found is None:
            raise InvalidInput(f"mock {record.id} has no round left")
        return found
    for round_ in record.rounds:
        if round_.id == round_id:
            return round_
    raise NotFound(f"mock {record.id} has no round {round_id}")


def pause(store: Store, user_id: int, mock_id: int, running: bool = False) -> MockRecord:
    """Pause (or with ``running`` resume) the current round's clock."""
    record = store.mock(user_id, mock_id)
    store.run_mock_clock(user_id, mock_id, _round_of(record, None).id, running)
    return store.mock(user_id, mock_id)
