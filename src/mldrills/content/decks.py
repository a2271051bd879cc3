"""Concept-card decks: ``packs/decks/<area>.toml`` loaded, validated and ordered."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.content.rubric import RubricPoint
from mldrills.content.syllabus import load_syllabus, syllabus_path
from mldrills.errors import NotFound, PackError

# The areas in syllabus order when a packs folder has no syllabus.toml (test packs);
# otherwise the syllabus decides. Decks of areas outside it come after, by name.
AREA_ORDER = (
    "transformers",
    "llm",
    "trees",
    "linear",
    "evaluation",
    "recsys",
    "distributed",
    "pipelines",
    "coding",
    "behavioral",
)
DIFFICULTIES = ("easy", "medium", "hard")
MIN_POINTS, MAX_POINTS = 2, 6
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CARD_KEYS = {"id", "difficulty", "tags", "question", "answer", "points"}
_DECK_KEYS = {"area", "title", "card"}


@dataclass(frozen=True)
class Card:
    """One concept card: a question, its model answer and the rubric a good answer meets."""

    area: str
    id: str
    difficulty: str
    tags: tuple[str, ...]
    question: str
    answer: str
    points: tuple[RubricPoint, ...]

    @property
    def key(self) -> str:
        """The global id, ``<area>/<id>``, under which the store keeps its schedule."""
        return f"{self.area}/{self.id}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "area": self.area,
            "id": self.id,
            "difficulty": self.difficulty,
            "tags": list(self.tags),
            "question": self.question,
            "answer": self.answer,
            "points": [p.to_dict() for p in self.points],
        }


@dataclass(frozen=True)
class Deck:
    """The cards of one area, in file order."""

    area: str
    title: str
    path: Path
    cards: tuple[Card, ...]


def decks_dir(root: Path | str | None = None) -> Path:
    """The decks folder under the packs folder (``root`` or the packs_dir setting)."""
    return Path(root or settings.get("packs_dir")) / "decks"


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _card(data: Any, area: str, where: str) -> Card:
    """Validate one ``[[card]]`` table."""
    if not isinstance(data, dict):
        raise PackError(f"{where}: each [[card]] must be a table")
    card_id = data.get("id")
    if not isinstance(card_id, str) or not _SLUG.match(card_id):
        raise PackError(f"{where}: card id {card_id!r} must be a lowercase-hyphen slug")
    where = f"{where} card {card_id!r}"
    unknown = set(data) - _CARD_KEYS
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    difficulty = data.get("difficulty")
    if difficulty not in DIFFICULTIES:
        raise PackError(f"{where}: difficulty {difficulty!r} must be one of {DIFFICULTIES}")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise PackError(f"{where}: 'tags' must be a list of non-empty strings")
    points = data.get("points")
    if not isinstance(points, list) or not MIN_POINTS <= len(points) <= MAX_POINTS:
        count = len(points) if isinstance(points, list) else 0
        raise PackError(f"{where}: needs {MIN_POINTS}-{MAX_POINTS} [[card.points]], found {count}")
    if not all(isinstance(p, dict) for p in points):
        raise PackError(f"{where}: each [[card.points]] must be a table")
    return Card(
        area=area,
        id=card_id,
        difficulty=str(difficulty),
        tags=tuple(t.strip() for t in tags),
        question=_text(data, "question", where),
        answer=_text(data, "answer", where),
        points=tuple(
            RubricPoint.from_dict(p, f"{where} point {i}") for i, p in enumerate(points, 1)
        ),
    )


def load_deck(path: Path) -> Deck:
    """Load and validate one deck file; any problem raises PackError naming file and card."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{where}: cannot read deck: {exc}") from None
    unknown = set(data) - _DECK_KEYS
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    area = _text(data, "area", where)
    if area != path.stem:
        raise PackError(f"{where}: area {area!r} does not match the file name {path.stem!r}")
    raw_cards = data.get("card", [])
    if not isinstance(raw_cards, list) or not raw_cards:
        raise PackError(f"{where}: a deck needs at least one [[card]]")
    cards = tuple(_card(raw, area, where) for raw in raw_cards)
    seen: set[str] = set()
    for card in cards:
        if card.id in seen:
            raise PackError(f"{where}: card id {card.id!r} appears twice")
        seen.add(card.id)
    return Deck(area=area, title=_text(data, "title", where), path=path, cards=cards)


def area_order(root: Path | str | None = None) -> list[str]:
    """Area slugs in syllabus order: from ``syllabus.toml``, or the built-in ten without one."""
    if not syllabus_path(root).is_file():
        return list(AREA_ORDER)
    return load_syllabus(root).slugs


def deck_paths(root: Path | str | None = None) -> list[Path]:
    """Every deck file, in syllabus order."""
    folder = decks_dir(root)
    if not folder.is_dir():
        return []
    order = area_order(root)

    def rank(path: Path) -> tuple[int, str]:
        return (order.index(path.stem) if path.stem in order else len(order), path.stem)

    return sorted(folder.glob("*.toml"), key=rank)


def load_decks(root: Path | str | None = None) -> list[Deck]:
    """Every deck in syllabus order; the first broken deck raises PackError."""
    return [load_deck(path) for path in deck_paths(root)]


def validate_decks(root: Path | str | None = None) -> list[str]:
    """One message per broken deck (empty when all are fine): for ``mldrills check``."""
    problems = []
    for path in deck_paths(root):
        try:
            load_deck(path)
        except PackError as exc:
            problems.append(str(exc))
    return problems


class CardIndex:
    """Every card of every deck, by global id, in syllabus then file order."""

    def __init__(self, decks: list[Deck], order: list[str] | None = None) -> None:
        self.decks = decks
        self.order = order if order is not None else list(AREA_ORDER)  # by syllabus number
        self.cards = [card for deck in decks for card in deck.cards]
        self._by_key = {card.key: card for card in self.cards}

    @classmethod
    def load(cls, root: Path | str | None = None) -> CardIndex:
        """Load every deck under the packs folder."""
        return cls(load_decks(root), area_order(root))

    @property
    def areas(self) -> list[str]:
        """Areas that have a deck, in order."""
        return [deck.area for deck in self.decks]

    def deck(self, area: str) -> Deck:
        """The deck of ``area``; NotFound naming the areas that exist."""
        for deck in self.decks:
            if deck.area == area:
                return deck
        raise NotFound(f"no deck for area {area!r}", hint="decks: " + ", ".join(self.areas))

    def get(self, key: str) -> Card | None:
        """The card with global id ``key``, or None."""
        return self._by_key.get(key)

    def of_area(self, area: str | None) -> list[Card]:
        """The cards of one area (checked to exist), or all cards."""
        return list(self.cards) if area is None else list(self.deck(area).cards)
