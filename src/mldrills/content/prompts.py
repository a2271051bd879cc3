"""ML system-design prompts: ``packs/prompts/<slug>.toml`` loaded and validated.

A prompt is what an interviewer says, the clarifying questions a strong candidate asks,
a rubric in fixed sections (each a list of RubricPoint), follow-ups, a reference outline
and back-of-envelope numbers: expressions over stated assumptions, evaluated by
:mod:`mldrills.content.expr` so that a figure quoted in the outline is recomputed by code.
Files in the folder whose ``kind`` is not "design" belong to other features and are skipped.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.content import expr
from mldrills.content.rubric import RubricPoint
from mldrills.content.syllabus import load_syllabus
from mldrills.content.units import lookup, show
from mldrills.errors import NotFound, PackError

KIND = "design"
# The rubric sections every design prompt covers, in interview order, with their titles.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("requirements", "Requirements and framing"),
    ("data", "Data and labels"),
    ("features", "Features"),
    ("model", "Model"),
    ("training", "Training"),
    ("evaluation", "Offline evaluation"),
    ("serving", "Serving and latency budget"),
    ("rollout", "Online validation and rollout"),
    ("monitoring", "Monitoring and retraining"),
    ("tradeoffs", "Trade-offs named"),
)
SECTION_TITLES = dict(SECTIONS)
DIFFICULTIES = ("medium", "hard")
MAX_SECTION_POINTS = 4
DEFAULT_TOLERANCE = 0.02
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_TOP_KEYS = {
    "kind",
    "title",
    "areas",
    "difficulty",
    "summary",
    "prompt",
    "clarifying",
    "follow_ups",
    "outline",
    "assumptions",
    "numbers",
    "section",
}


@dataclass(frozen=True)
class Section:
    """One rubric section of a prompt."""

    id: str
    title: str
    points: tuple[RubricPoint, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"id": self.id, "title": self.title, "points": [p.to_dict() for p in self.points]}


@dataclass(frozen=True)
class Number:
    """A back-of-envelope figure: an expression over the assumptions and its stated value."""

    name: str
    label: str
    expr: str
    expect: float
    unit: str | None
    tolerance: float
    value: float  # what the expression evaluates to

    @property
    def text(self) -> str:
        """The computed value in its display unit, e.g. "1.2 TB"."""
        return show(self.value, self.unit, 3)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "name": self.name,
            "label": self.label,
            "expr": self.expr,
            "expect": self.expect,
            "unit": self.unit,
            "value": self.value,
            "text": self.text,
        }


@dataclass(frozen=True)
class Prompt:
    """One system-design prompt."""

    slug: str
    title: str
    areas: tuple[str, ...]
    difficulty: str
    summary: str
    prompt: str
    clarifying: tuple[str, ...]
    follow_ups: tuple[str, ...]
    outline: str
    assumptions: dict[str, float]
    numbers: tuple[Number, ...]
    sections: tuple[Section, ...]
    path: Path

    @property
    def points(self) -> tuple[RubricPoint, ...]:
        """Every rubric point, section after section."""
        return tuple(p for s in self.sections for p in s.points)

    def to_dict(self, *, full: bool = True) -> dict[str, Any]:
        """JSON-ready form; ``full=False`` gives the list entry only."""
        head = {
            "slug": self.slug,
            "title": self.title,
            "areas": list(self.areas),
            "difficulty": self.difficulty,
            "summary": self.summary,
            "point_count": len(self.points),
        }
        if not full:
            return head
        return {
            **head,
            "prompt": self.prompt,
            "clarifying": list(self.clarifying),
            "follow_ups": list(self.follow_ups),
            "outline": self.outline,
            "assumptions": dict(self.assumptions),
            "numbers": [n.to_dict() for n in self.numbers],
            "sections": [s.to_dict() for s in self.sections],
        }


def prompts_dir(root: Path | str | None = None) -> Path:
    """The prompts folder under the packs folder (``root`` or the packs_dir setting)."""
    return Path(root or settings.get("packs_dir")) / "prompts"


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _texts(data: Mapping[str, Any], key: str, where: str, least: int) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        raise PackError(f"{where}: {key!r} must be a list of non-empty strings")
    if len(value) < least:
        raise PackError(f"{where}: {key!r} needs at least {least} entries, found {len(value)}")
    return tuple(s.strip() for s in value)


def _assumptions(data: Any, where: str) -> dict[str, float]:
    if not isinstance(data, dict):
        raise PackError(f"{where}: [assumptions] must be a table of numbers")
    out: dict[str, float] = {}
    for name, value in data.items():
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not _NAME.match(name) or not ok or not math.isfinite(value):
            raise PackError(f"{where}: assumption {name!r} must be a finite number")
        out[name] = value
    return out


def _finite(value: Any, key: str, where: str) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise PackError(f"{where}: {key!r} must be a finite number")
    return float(value)


def _number(raw: Any, names: dict[str, Any], where: str) -> Number:
    if not isinstance(raw, dict):
        raise PackError(f"{where}: each [[numbers]] must be a table")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name) or name in names:
        raise PackError(f"{where}: number name {name!r} must be a new identifier")
    where = f"{where} number {name!r}"
    unknown = set(raw) - {"name", "label", "expr", "expect", "unit", "tolerance"}
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    source = _text(raw, "expr", where)
    unit = raw.get("unit")
    if unit is not None and (not isinstance(unit, str) or lookup(unit) is None):
        raise PackError(f"{where}: unknown unit {unit!r}")
    expect = _finite(raw.get("expect"), "expect", where)
    tolerance = _finite(raw.get("tolerance", DEFAULT_TOLERANCE), "tolerance", where)
    try:
        value = expr.evaluate(source, names)
    except expr.ExprError as exc:
        raise PackError(f"{where}: {exc}") from None
    if not expr.is_number(value):
        raise PackError(f"{where}: the expression must give one number")
    return Number(name, _text(raw, "label", where), source, expect, unit, tolerance, value)


def _numbers(data: dict[str, Any], assumptions: dict[str, float], where: str) -> list[Number]:
    raw = data.get("numbers", [])
    if not isinstance(raw, list):
        raise PackError(f"{where}: 'numbers' must be an array of tables")
    names: dict[str, Any] = dict(assumptions)
    out = []
    for item in raw:
        number = _number(item, names, where)
        names[number.name] = number.value  # later numbers may build on earlier ones
        out.append(number)
    return out


def _sections(data: dict[str, Any], where: str) -> tuple[Section, ...]:
    raw = data.get("section")
    if not isinstance(raw, list) or not all(isinstance(s, dict) for s in raw):
        raise PackError(f"{where}: needs [[section]] tables")
    ids = [s.get("id") for s in raw]
    expected = [sid for sid, _ in SECTIONS]
    if ids != expected:
        raise PackError(f"{where}: sections must be exactly {', '.join(expected)} in that order")
    out = []
    for table in raw:
        here = f"{where} section {table['id']!r}"
        unknown = set(table) - {"id", "points"}
        if unknown:
            raise PackError(f"{here}: unknown key(s) {', '.join(sorted(unknown))}")
        points = table.get("points")
        if not isinstance(points, list) or not 1 <= len(points) <= MAX_SECTION_POINTS:
            raise PackError(f"{here}: needs 1-{MAX_SECTION_POINTS} [[section.points]]")
        if not all(isinstance(p, dict) for p in points):
            raise PackError(f"{here}: each [[section.points]] must be a table")
        parsed = tuple(RubricPoint.from_dict(p, here) for p in points)
        out.append(Section(table["id"], SECTION_TITLES[table["id"]], parsed))
    return tuple(out)


def parse_prompt(data: dict[str, Any], slug: str, path: Path) -> Prompt:
    """Build a prompt from a parsed TOML file; PackError names the file and the problem."""
    where = str(path)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise PackError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    areas = _texts(data, "areas", where, 1)
    difficulty = data.get("difficulty")
    if difficulty not in DIFFICULTIES:
        raise PackError(f"{where}: difficulty {difficulty!r} must be one of {DIFFICULTIES}")
    assumptions = _assumptions(data.get("assumptions", {}), where)
    return Prompt(
        slug=slug,
        title=_text(data, "title", where),
        areas=areas,
        difficulty=str(difficulty),
        summary=_text(data, "summary", where),
        prompt=_text(data, "prompt", where),
        clarifying=_texts(data, "clarifying", where, 3),
        follow_ups=_texts(data, "follow_ups", where, 3),
        outline=_text(data, "outline", where),
        assumptions=assumptions,
        numbers=tuple(_numbers(data, assumptions, where)),
        sections=_sections(data, where),
        path=path,
    )


def _read(path: Path) -> dict[str, Any] | None:
    """The file's TOML table, or None when it is another feature's prompt."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{path}: cannot read: {exc}") from None
    return data if data.get("kind") == KIND else None


def load_prompt(path: Path) -> Prompt | None:
    """Load one prompt file; None when it is not a design prompt."""
    if not _SLUG.match(path.stem):
        raise PackError(f"{path}: the file name must be a lowercase-hyphen slug")
    data = _read(path)
    return None if data is None else parse_prompt(data, path.stem, path)


def prompt_paths(root: Path | str | None = None) -> list[Path]:
    """Every prompt file, sorted by name."""
    folder = prompts_dir(root)
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []


def load_prompts(root: Path | str | None = None) -> tuple[list[Prompt], list[str]]:
    """Every design prompt that loads, and one problem per file that does not."""
    prompts, problems = [], []
    for path in prompt_paths(root):
        try:
            prompt = load_prompt(path)
        except PackError as exc:
            problems.append(str(exc))
            continue
        if prompt is not None:
            prompts.append(prompt)
    return prompts, problems


def get_prompt(slug: str, root: Path | str | None = None) -> Prompt:
    """The design prompt ``slug``; NotFound when there is none, PackError when it is broken."""
    path = prompts_dir(root) / f"{slug}.toml"
    prompt = load_prompt(path) if _SLUG.match(slug) and path.is_file() else None
    if prompt is None:
        raise NotFound(f"no design prompt {slug!r}", hint="`mldrills design` lists them.")
    return prompt


def number_problems(prompt: Prompt) -> list[str]:
    """One message per figure whose expression disagrees with its stated value."""
    out = []
    for n in prompt.numbers:
        gap = abs(n.value - n.expect) / max(abs(n.expect), 1e-12)
        if gap > n.tolerance:
            out.append(
                f"{prompt.path}: number {n.name!r} computes to {n.value:.6g}, "
                f"but the prompt states {n.expect:.6g}"
            )
    return out


def _listed_areas(root: Path | str | None) -> dict[str, set[str]] | None:
    """Prompt slug -> the syllabus areas listing it; None without a readable syllabus."""
    if not (Path(root or settings.get("packs_dir")) / "syllabus.toml").is_file():
        return None  # a test pack without a syllabus
    try:
        areas = load_syllabus(root).areas
    except PackError:
        return None  # validate_syllabus reports it
    listed: dict[str, set[str]] = {}
    for area in areas:
        for slug in area.prompts:
            listed.setdefault(slug, set()).add(area.slug)
    return listed


def validate_prompts(root: Path | str | None = None) -> list[str]:
    """Every problem of the design prompts: broken files, wrong figures, area membership."""
    prompts, problems = load_prompts(root)
    listed = _listed_areas(root)
    for prompt in prompts:
        problems += number_problems(prompt)
        if listed is not None and set(prompt.areas) != listed.get(prompt.slug, set()):
            problems.append(
                f"{prompt.path}: areas {sorted(prompt.areas)} but syllabus.toml lists it "
                f"under {sorted(listed.get(prompt.slug, set())) or 'no area'}"
            )
    return problems
