"""Numeric drills: the ``packs/drills/<slug>.toml`` format and its loader.

A drill is data, not code: seeded random parameters, a question template, an answer
formula (evaluated by :mod:`mldrills.content.expr`, never ``eval``) with a kind of
quantity, a display unit and a relative tolerance, named intermediate steps that make up
the worked solution, and formulas for common mistakes with the hint each deserves.
Templates write ``{{ name }}`` or ``{{ name:GiB }}`` (a unit, or a Python format spec);
see docs/knowledge.md ("Drills") for the whole format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from mldrills import settings
from mldrills.content import expr
from mldrills.content.units import KINDS, lookup
from mldrills.errors import NotFound, PackError

AREAS = (
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
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NAME_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
TOP_KEYS = {"title", "area", "summary", "difficulty", "question", "params", "steps"}
TOP_KEYS |= {"answer", "mistakes", "require", "variants"}
VARIANT_KEYS = {"name", "ask", "expr", "text", "mistakes"}
RESERVED = {"answer", "variant"}  # names the generator itself binds
PARAM_KEYS = {"choices", "range", "step", "length"}
MAX_LENGTH = 200


@dataclass(frozen=True)
class Param:
    """A random parameter: one of ``choices``, or a value on a ``range`` grid of ``step``.

    With ``length`` the parameter is a list of that many independent draws (``length``
    may itself be a [lo, hi] range of lengths).
    """

    name: str
    choices: tuple[Any, ...] = ()
    low: float = 0
    high: float = 0
    step: float = 1
    length: tuple[int, int] | None = None


@dataclass(frozen=True)
class Step:
    """A named intermediate quantity and the sentence explaining it (none: not shown)."""

    name: str
    expr: str
    text: str


@dataclass(frozen=True)
class Answer:
    """The quantity asked for: formula, kind, display unit, relative tolerance."""

    expr: str
    kind: str
    unit: str | None
    tolerance: float
    text: str = ""


@dataclass(frozen=True)
class Mistake:
    """A common wrong formula and the hint shown when an answer matches it."""

    expr: str
    hint: str


@dataclass(frozen=True)
class Variant:
    """One way of asking about the same numbers: the sentence that asks, its formula,
    its closing text and its mistakes (each defaults to the drill's own)."""

    name: str
    ask: str
    expr: str
    text: str
    mistakes: tuple[Mistake, ...]


@dataclass(frozen=True)
class Drill:
    """One drill generator as loaded from its TOML file."""

    slug: str
    path: Path
    title: str
    area: str
    summary: str
    difficulty: str
    question: str
    params: tuple[Param, ...]
    steps: tuple[Step, ...]
    answer: Answer
    mistakes: tuple[Mistake, ...]
    require: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metadata (for lists in the CLI and web)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "area": self.area,
            "summary": self.summary,
            "difficulty": self.difficulty,
            "kind": self.answer.kind,
            "unit": self.answer.unit,
            "tolerance": self.answer.tolerance,
        }


class _Reader:
    """Reads typed keys out of a TOML table, naming the file and key in every error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> PackError:
        return PackError(f"drill {self.path.name}: {key}: {problem}")

    def text(self, table: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str:
        value = table.get(key, "" if optional else None)
        if not isinstance(value, str) or (not optional and not value.strip()):
            raise self.fail(f"{where}{key}", "must be a non-empty string")
        return value

    def formula(self, table: dict[str, Any], key: str, where: str) -> str:
        source = self.text(table, key, where)
        try:
            expr.parse(source)
        except expr.ExprError as exc:
            raise self.fail(f"{where}{key}", str(exc)) from None
        return source

    def number(self, value: Any, key: str) -> float:
        if not expr.is_number(value):
            raise self.fail(key, f"must be a number, got {value!r}")
        return cast(float, value)  # ints stay ints: integer ranges draw integers


def _param(reader: _Reader, name: str, spec: Any) -> Param:
    key = f"params.{name}"
    if not NAME_RE.match(name) or name in expr.FUNCTIONS or name in RESERVED:
        raise reader.fail(key, "a parameter name is lowercase letters, digits, _ (not a function)")
    if not isinstance(spec, dict):
        raise reader.fail(key, "must be a table with choices or range")
    if unknown := set(spec) - PARAM_KEYS:
        raise reader.fail(key, f"unknown keys {sorted(unknown)}; allowed {sorted(PARAM_KEYS)}")
    length = _length(reader, key, spec.get("length"))
    if "choices" in spec:
        choices = spec["choices"]
        if "range" in spec or not isinstance(choices, list) or not choices:
            raise reader.fail(key, "choices must be a non-empty list (and no range beside it)")
        for choice in choices:
            items = choice if isinstance(choice, list) else [choice]
            if not items or not all(expr.is_number(v) for v in items):
                raise reader.fail(f"{key}.choices", f"{choice!r} is not a number or list")
        return Param(name, choices=tuple(choices), length=length)
    bounds = spec.get("range")
    if not isinstance(bounds, list) or len(bounds) != 2:
        raise reader.fail(key, "needs choices = [...] or range = [low, high]")
    low, high = (reader.number(b, f"{key}.range") for b in bounds)
    step = reader.number(spec.get("step", 1), f"{key}.step")
    if high < low or step <= 0 or (high - low) / step > 1e6:
        raise reader.fail(key, "range must be [low, high] with low <= high and a step > 0")
    return Param(name, low=low, high=high, step=step, length=length)


def _length(reader: _Reader, key: str, raw: Any) -> tuple[int, int] | None:
    if raw is None:
        return None
    pair = raw if isinstance(raw, list) else [raw, raw]
    if len(pair) != 2 or not all(isinstance(v, int) and 1 <= v <= MAX_LENGTH for v in pair):
        raise reader.fail(f"{key}.length", f"must be 1-{MAX_LENGTH} or [low, high]")
    return pair[0], pair[1]


def _answer(reader: _Reader, raw: Any) -> Answer:
    if not isinstance(raw, dict):
        raise reader.fail("answer", "must be a table with expr, kind, tolerance")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise reader.fail("answer.kind", f"must be one of {', '.join(KINDS)}; got {kind!r}")
    unit = raw.get("unit")
    found = lookup(unit) if isinstance(unit, str) else None
    if unit is not None and found is None:
        raise reader.fail("answer.unit", f"unknown unit {unit!r}")
    if found is not None and found.kind != kind:
        raise reader.fail("answer.unit", f"{unit} is not a unit of {kind}")
    tolerance = reader.number(raw.get("tolerance"), "answer.tolerance")
    if not 0 <= tolerance <= 0.2:
        raise reader.fail("answer.tolerance", "a relative tolerance between 0 and 0.2")
    text = reader.text(raw, "text", "answer.", optional=True)
    return Answer(reader.formula(raw, "expr", "answer."), kind, unit, tolerance, text)


def _tables(
    reader: _Reader, data: dict[str, Any], key: str, prefix: str = ""
) -> list[dict[str, Any]]:
    raw = data.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise reader.fail(prefix + key, f"must be [[{key}]] tables")
    return raw


def _steps(reader: _Reader, data: dict[str, Any], taken: set[str]) -> tuple[Step, ...]:
    steps = []
    for i, table in enumerate(_tables(reader, data, "steps")):
        where = f"steps[{i}]."
        name = reader.text(table, "name", where)
        if not NAME_RE.match(name) or name in taken or name in expr.FUNCTIONS or name in RESERVED:
            raise reader.fail(f"{where}name", f"{name!r} is not a new lowercase name")
        taken.add(name)
        steps.append(
            Step(
                name,
                reader.formula(table, "expr", where),
                reader.text(table, "text", where, optional=True),
            )
        )
    return tuple(steps)


def _mistakes(reader: _Reader, data: dict[str, Any], prefix: str = "") -> tuple[Mistake, ...]:
    out = []
    for i, table in enumerate(_tables(reader, data, "mistakes", prefix)):
        where = f"{prefix}mistakes[{i}]."
        out.append(Mistake(reader.formula(table, "expr", where), reader.text(table, "hint", where)))
    return tuple(out)


def _variants(
    reader: _Reader, data: dict[str, Any], answer: Answer, mistakes: tuple[Mistake, ...]
) -> tuple[Variant, ...]:
    variants: list[Variant] = []
    for i, table in enumerate(_tables(reader, data, "variants")):
        where = f"variants[{i}]."
        if unknown := set(table) - VARIANT_KEYS:
            raise reader.fail(where.rstrip("."), f"unknown keys {sorted(unknown)}")
        name = reader.text(table, "name", where)
        if not NAME_RE.match(name) or name in {v.name for v in variants}:
            raise reader.fail(f"{where}name", f"{name!r} is not a new lowercase name")
        variants.append(
            Variant(
                name=name,
                ask=reader.text(table, "ask", where),
                expr=reader.formula(table, "expr", where) if "expr" in table else answer.expr,
                text=reader.text(table, "text", where, optional=True) or answer.text,
                mistakes=_mistakes(reader, table, where) if "mistakes" in table else mistakes,
            )
        )
    return tuple(variants)


def _require(reader: _Reader, data: dict[str, Any]) -> list[str]:
    require = data.get("require", [])
    if not isinstance(require, list) or not all(isinstance(r, str) for r in require):
        raise reader.fail("require", "must be a list of conditions (strings)")
    for i, condition in enumerate(require):
        reader.formula({"c": condition}, "c", f"require[{i}].")
    return require


def load_drill(path: Path) -> Drill:
    """Read and check one drill file; problems raise PackError naming the file and key."""
    reader = _Reader(path)
    slug = path.stem
    if not SLUG_RE.match(slug):
        raise reader.fail("file name", "a drill slug is lowercase words joined by hyphens")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise reader.fail("file", f"cannot read it: {exc}") from None
    if unknown := set(data) - TOP_KEYS:
        raise reader.fail("top level", f"unknown keys {sorted(unknown)}")
    area = data.get("area")
    if area not in AREAS:
        raise reader.fail("area", f"must be one of {', '.join(AREAS)}; got {area!r}")
    if data.get("difficulty") not in DIFFICULTIES:
        raise reader.fail("difficulty", f"must be one of {', '.join(DIFFICULTIES)}")
    params_raw = data.get("params", {})
    if not isinstance(params_raw, dict) or not params_raw:
        raise reader.fail("params", "needs at least one [params.<name>] table")
    params = tuple(_param(reader, name, spec) for name, spec in params_raw.items())
    steps = _steps(reader, data, {p.name for p in params})
    mistakes = _mistakes(reader, data)
    answer = _answer(reader, data.get("answer"))
    return Drill(
        slug=slug,
        path=path,
        title=reader.text(data, "title", ""),
        area=area,
        summary=reader.text(data, "summary", ""),
        difficulty=data["difficulty"],
        question=reader.text(data, "question", ""),
        params=params,
        steps=steps,
        answer=answer,
        mistakes=mistakes,
        require=tuple(_require(reader, data)),
        variants=_variants(reader, data, answer, mistakes),
    )


def drills_dir(root: Path | str | None = None) -> Path:
    """Where drill files live: ``<packs>/drills``."""
    return Path(root or settings.get("packs_dir")) / "drills"


class DrillSet:
    """Every drill under ``<packs>/drills``, loaded on first use, by slug."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.dir = drills_dir(root)
        self._paths = {p.stem: p for p in sorted(self.dir.glob("*.toml"))}
        self._loaded: dict[str, Drill] = {}
        self.broken: dict[str, str] = {}

    @property
    def slugs(self) -> list[str]:
        """Every drill slug, sorted."""
        return sorted(self._paths)

    def get(self, slug: str) -> Drill:
        """The drill named ``slug``; NotFound (with suggestions) if there is none."""
        if slug not in self._paths:
            import difflib

            close = difflib.get_close_matches(slug, self.slugs, n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "`mldrills drill` lists areas"
            raise NotFound(f"no drill named {slug!r}", hint=hint)
        if slug not in self._loaded:
            self._loaded[slug] = load_drill(self._paths[slug])
        return self._loaded[slug]

    def all(self, area: str | None = None) -> list[Drill]:
        """Every loadable drill (of one area if given), in syllabus order, then by title.

        A broken file is left out and recorded in ``broken`` (slug -> problem), so one bad
        drill does not hide the others; ``mldrills check`` reports it.
        """
        if area is not None and area not in AREAS:
            raise NotFound(f"no area named {area!r}", hint=f"areas: {', '.join(AREAS)}")
        drills = []
        for slug in self.slugs:
            try:
                drills.append(self.get(slug))
            except PackError as exc:
                self.broken[slug] = str(exc)
        drills = [d for d in drills if area is None or d.area == area]
        return sorted(drills, key=lambda d: (AREAS.index(d.area), d.title))
