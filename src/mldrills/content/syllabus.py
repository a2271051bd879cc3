"""The syllabus as data: ``packs/syllabus.toml`` names the areas and what belongs to each.

Every feature that groups content by area (guides, decks, drills, the dashboard) reads
the areas from here, so the order, titles and membership live in one reviewable file.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from mldrills import settings
from mldrills.content.pack import SLUG_RE, TOPICS
from mldrills.errors import NotFound, PackError

SYLLABUS_FILE = "syllabus.toml"
_LIST_KEYS = ("drills", "exercises", "prompts", "pivots")
_TEXT_KEYS = ("slug", "title", "summary", "guide", "deck")
_AREA_KEYS = {*_TEXT_KEYS, *_LIST_KEYS, "number"}


@dataclass(frozen=True)
class Area:
    """One syllabus area and the practice items that belong to it."""

    slug: str
    number: int
    title: str
    summary: str
    guide: str  # path relative to the packs folder
    deck: str
    drills: tuple[str, ...]
    exercises: tuple[str, ...]
    prompts: tuple[str, ...]
    pivots: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "slug": self.slug,
            "number": self.number,
            "title": self.title,
            "summary": self.summary,
            "guide": self.guide,
            "deck": self.deck,
            "drills": list(self.drills),
            "exercises": list(self.exercises),
            "prompts": list(self.prompts),
            "pivots": list(self.pivots),
        }


@dataclass(frozen=True)
class Syllabus:
    """The areas in order, read from ``root/syllabus.toml``."""

    root: Path
    areas: tuple[Area, ...]

    @property
    def slugs(self) -> list[str]:
        """Area slugs in syllabus order."""
        return [a.slug for a in self.areas]

    def area(self, slug: str) -> Area:
        """The area named ``slug``; NotFound with suggestions otherwise."""
        for area in self.areas:
            if area.slug == slug:
                return area
        close = difflib.get_close_matches(slug, self.slugs, n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "areas: " + ", ".join(self.slugs)
        raise NotFound(f"no syllabus area named {slug!r}", hint=hint)

    def by_number(self, number: int) -> Area | None:
        """The area with this number (an exercise's ``topic``), or None."""
        return next((a for a in self.areas if a.number == number), None)

    def area_of_exercise(self, slug: str) -> Area | None:
        """The area that lists exercise ``slug``, or None."""
        return next((a for a in self.areas if slug in a.exercises), None)

    def path(self, relative: str) -> Path:
        """A path named in the syllabus, made absolute."""
        return self.root / relative

    def guide_path(self, slug: str) -> Path:
        """The guide file of area ``slug``."""
        return self.path(self.area(slug).guide)

    def deck_path(self, slug: str) -> Path:
        """The deck file of area ``slug``."""
        return self.path(self.area(slug).deck)


def syllabus_path(root: Path | str | None = None) -> Path:
    """Where the syllabus lives: ``<packs>/syllabus.toml``."""
    return Path(root or settings.get("packs_dir")) / SYLLABUS_FILE


def load_syllabus(root: Path | str | None = None) -> Syllabus:
    """Read and check the syllabus's structure; every problem raises PackError naming it.

    Whether the files and exercises it names exist is ``validate_syllabus``'s job, so a
    half-written pack still loads and the check can list every gap at once.
    """
    path = syllabus_path(root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(
            f"{path}: the syllabus is missing", hint="docs/knowledge.md describes the file"
        ) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{path}: cannot read the syllabus: {exc}") from None
    if set(data) != {"area"} or not isinstance(data["area"], list) or not data["area"]:
        raise PackError(f"{path}: the syllabus holds only [[area]] tables, at least one")
    areas = tuple(_area(raw, f"{path} area {i}") for i, raw in enumerate(data["area"], 1))
    _unique(path, "slug", [a.slug for a in areas])
    _unique(path, "number", [a.number for a in areas])
    numbers = [a.number for a in areas]
    if numbers != list(range(1, len(areas) + 1)):
        raise PackError(f"{path}: areas must be numbered 1, 2, 3... in order; got {numbers}")
    return Syllabus(root=path.parent, areas=areas)


def _unique(path: Path, key: str, values: Iterable[object]) -> None:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise PackError(f"{path}: two areas have {key} {value!r}")
        seen.add(value)


def _area(raw: Any, where: str) -> Area:
    if not isinstance(raw, dict):
        raise PackError(f"{where}: each [[area]] must be a table")
    slug = raw.get("slug")
    if isinstance(slug, str):
        where = f"{where} ({slug})"
    unknown = set(raw) - _AREA_KEYS
    missing = _AREA_KEYS - set(raw)
    if unknown or missing:
        parts = [f"unknown key(s) {', '.join(sorted(unknown))}"] if unknown else []
        parts += [f"missing key(s) {', '.join(sorted(missing))}"] if missing else []
        raise PackError(f"{where}: {'; '.join(parts)}")
    text = {k: _text(raw, k, where) for k in _TEXT_KEYS}
    lists = {k: _slugs(raw, k, where) for k in _LIST_KEYS}
    if not SLUG_RE.match(text["slug"]):
        raise PackError(f"{where}: slug {text['slug']!r} must be a lowercase-hyphen slug")
    number = raw["number"]
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise PackError(f"{where}: 'number' must be a positive integer")
    for key in ("guide", "deck"):
        _relative(text[key], key, where)
    return Area(
        slug=text["slug"],
        number=number,
        title=text["title"],
        summary=text["summary"],
        guide=text["guide"],
        deck=text["deck"],
        drills=lists["drills"],
        exercises=lists["exercises"],
        prompts=lists["prompts"],
        pivots=lists["pivots"],
    )


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _slugs(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw[key]
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise PackError(f"{where}: {key!r} must be a list of slugs")
    bad = [s for s in value if not SLUG_RE.match(s)]
    if bad:
        raise PackError(f"{where}: {key!r} has entries that are not slugs: {bad}")
    twice = sorted({s for s in value if value.count(s) > 1})
    if twice:
        raise PackError(f"{where}: {key!r} names {', '.join(twice)} twice")
    return tuple(value)


def _relative(value: str, key: str, where: str) -> None:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value:
        raise PackError(f"{where}: {key!r} must be a path inside the packs folder, got {value!r}")


def validate_syllabus(syllabus: Syllabus, exercises: Mapping[str, int | None]) -> list[str]:
    """Every gap between the syllabus and the packs, one message each.

    ``exercises`` maps every exercise slug in the packs to its meta.toml ``topic`` (None
    when its metadata is broken; the exercise check reports why).
    """
    where = str(syllabus.root / SYLLABUS_FILE)
    problems = _topic_agreement(syllabus, where)
    owner: dict[str, str] = {}
    for area in syllabus.areas:
        problems += _area_problems(syllabus, area, exercises, owner, where)
    for slug in sorted(set(exercises) - set(owner)):
        problems.append(f"{where}: exercise {slug!r} belongs to no area")
    problems += _orphans(syllabus, where)
    return problems


def _topic_agreement(syllabus: Syllabus, where: str) -> list[str]:
    """The syllabus and the exercise format's TOPICS must name the same areas."""
    if len(syllabus.areas) != len(TOPICS):
        return [f"{where}: has {len(syllabus.areas)} areas; exercise topics are 1-{len(TOPICS)}"]
    return [
        f"{where}: area {a.number} is titled {a.title!r} but exercise topic {a.number} is "
        f"{TOPICS[a.number]!r}"
        for a in syllabus.areas
        if TOPICS.get(a.number) != a.title
    ]


def _area_problems(
    syllabus: Syllabus,
    area: Area,
    exercises: Mapping[str, int | None],
    owner: dict[str, str],
    where: str,
) -> list[str]:
    here = f"{where} area {area.slug!r}"
    problems = []
    for slug in area.exercises:
        if slug not in exercises:
            problems.append(f"{here}: no exercise named {slug!r} in the packs")
        elif slug in owner:
            problems.append(f"{here}: exercise {slug!r} is already in area {owner[slug]!r}")
        elif exercises[slug] is not None and exercises[slug] != area.number:
            problems.append(
                f"{here}: exercise {slug!r} has topic {exercises[slug]} in its meta.toml, "
                f"but area {area.slug!r} is number {area.number}"
            )
        owner.setdefault(slug, area.slug)
    for key in ("guide", "deck"):
        relative = getattr(area, key)
        if not syllabus.path(relative).is_file():
            problems.append(f"{here}: {key} file {relative} does not exist")
    for drill in area.drills:
        if not syllabus.path(f"drills/{drill}.toml").is_file():
            problems.append(f"{here}: drill file drills/{drill}.toml does not exist")
    for prompt in area.prompts:
        if not syllabus.path(f"prompts/{prompt}.toml").is_file():
            problems.append(f"{here}: prompt file prompts/{prompt}.toml does not exist")
    for pivot in area.pivots:
        if pivot == area.slug or pivot not in syllabus.slugs:
            problems.append(f"{here}: pivot {pivot!r} is not another area")
    return problems


def _orphans(syllabus: Syllabus, where: str) -> list[str]:
    """Files in the knowledge folders that no area names (and so no page would show)."""
    named = {syllabus.path(p).resolve() for a in syllabus.areas for p in (a.guide, a.deck)}
    named |= {
        syllabus.path(f"{folder}/{slug}.toml").resolve()
        for a in syllabus.areas
        for folder, slugs in (("drills", a.drills), ("prompts", a.prompts))
        for slug in slugs
    }
    problems = []
    for folder, pattern in (("guides", "*.md"), ("decks", "*.toml"), ("drills", "*.toml")):
        for path in sorted((syllabus.root / folder).glob(pattern)):
            if path.resolve() not in named:
                problems.append(f"{where}: {folder}/{path.name} is named by no area")
    return problems
