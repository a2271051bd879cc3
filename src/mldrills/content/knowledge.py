"""The knowledge content as a whole: syllabus, guides, decks, drills, and their links.

``validate_knowledge`` is what ``mldrills check`` runs over them. Decks and drills are
validated by their own modules, plugged in through ``VALIDATORS``.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from mldrills.content.behavioral import validate_behavioral
from mldrills.content.catalog import Catalog
from mldrills.content.decks import Deck, load_deck, validate_decks
from mldrills.content.drill_gen import validate_drills
from mldrills.content.guides import Guide, Link, load_guide
from mldrills.content.prompts import validate_prompts
from mldrills.content.syllabus import Area, Syllabus, load_syllabus, validate_syllabus
from mldrills.errors import MldrillsError, PackError

# Each takes the packs folder and returns one message per problem. A new content kind
# adds its validator here (e.g. the drills module's ``validate_drills``).
VALIDATORS: tuple[Callable[[Path], list[str]], ...] = (
    validate_decks,
    validate_drills,
    validate_prompts,
    validate_behavioral,
)


@dataclass
class LinkIndex:
    """What a content link may point at, by scheme."""

    targets: dict[str, set[str]] = field(default_factory=dict)

    def resolves(self, link: Link) -> bool:
        """Whether ``link`` names something that exists."""
        return link.target in self.targets.get(link.scheme, set())

    @classmethod
    def build(cls, syllabus: Syllabus, exercises: set[str]) -> LinkIndex:
        """Index the guides, exercises, decks, cards, drills and prompts that exist."""
        areas = syllabus.areas
        decks = {a.slug for a in areas if syllabus.path(a.deck).is_file()}
        cards: set[str] = set()
        for area in areas:
            # A broken deck's cards cannot be linked; the deck validator says why.
            if area.slug in decks:
                with suppress(PackError):
                    cards |= {c.key for c in cached_deck(syllabus.path(area.deck)).cards}
        return cls(
            {
                "guide": {a.slug for a in areas if syllabus.path(a.guide).is_file()},
                "exercise": set(exercises),
                "deck": decks,
                "card": cards,
                "drill": _existing(syllabus, "drills", [d for a in areas for d in a.drills]),
                "prompt": _existing(syllabus, "prompts", [p for a in areas for p in a.prompts]),
            }
        )


def _existing(syllabus: Syllabus, folder: str, slugs: list[str]) -> set[str]:
    return {s for s in slugs if syllabus.path(f"{folder}/{s}.toml").is_file()}


def exercise_topics(catalog: Catalog) -> dict[str, int | None]:
    """Every exercise slug with its meta.toml topic (None when it does not load)."""
    out: dict[str, int | None] = {}
    for slug in catalog.slugs:
        try:
            out[slug] = catalog.get(slug).meta.topic
        except MldrillsError:
            out[slug] = None
    return out


def load_guides(syllabus: Syllabus) -> tuple[list[Guide], list[str]]:
    """Every area's guide that loads, and one problem per guide that does not."""
    guides, problems = [], []
    for area in syllabus.areas:
        path = syllabus.path(area.guide)
        if not path.is_file():
            continue  # validate_syllabus reports the missing file
        try:
            guides.append(load_guide(path, area.slug))
        except PackError as exc:
            problems.append(str(exc))
    return guides, problems


def link_problems(guide: Guide, index: LinkIndex) -> list[str]:
    """One message per link of ``guide`` that names nothing."""
    return [
        f"{guide.path}:{link.line}: link [{link.text}]({link.ref}) names no {link.scheme}"
        for link in guide.links
        if not index.resolves(link)
    ]


@lru_cache(maxsize=64)
def _deck_version(path: str, mtime_ns: int, size: int) -> Deck:
    return load_deck(Path(path))


def cached_deck(path: Path) -> Deck:
    """``load_deck``, reused until the file changes: pages read the decks on every request."""
    try:
        info = path.stat()
    except OSError:
        return load_deck(path)  # raises PackError naming the file
    return _deck_version(str(path), info.st_mtime_ns, info.st_size)


def card_count(syllabus: Syllabus, area: Area) -> int | None:
    """How many cards the area's deck holds; None when it is missing or broken."""
    try:
        return len(cached_deck(syllabus.path(area.deck)).cards)
    except PackError:
        return None


def area_summaries(syllabus: Syllabus) -> list[dict[str, Any]]:
    """Each area with how many exercises, cards and drills it has, and whether its guide exists."""
    drills = _existing(syllabus, "drills", [d for a in syllabus.areas for d in a.drills])
    return [
        {
            **area.to_dict(),
            "has_guide": syllabus.path(area.guide).is_file(),
            "exercise_count": len(area.exercises),
            "card_count": card_count(syllabus, area),
            "drill_count": sum(d in drills for d in area.drills),
        }
        for area in syllabus.areas
    ]


def validate_knowledge(root: Path | str | None = None, catalog: Catalog | None = None) -> list[str]:
    """Every problem of the syllabus, the guides and the registered content validators."""
    try:
        syllabus = load_syllabus(root)
    except PackError as exc:
        return [str(exc)]
    catalog = catalog if catalog is not None else Catalog(syllabus.root)
    topics = exercise_topics(catalog)
    problems = validate_syllabus(syllabus, topics)
    guides, broken = load_guides(syllabus)
    problems += broken
    index = LinkIndex.build(syllabus, set(topics))
    for guide in guides:
        problems += link_problems(guide, index)
    for validator in VALIDATORS:
        problems += validator(syllabus.root)
    return problems
