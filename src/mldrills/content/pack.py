"""The exercise pack format: one folder per exercise under ``packs/<area>/<slug>/``.

meta.toml      title, topic, difficulty, time budget, tags, entry points, limits
README.md      the statement
starter.py     what the learner starts from
solution.py    the reference solution
tests.py       visible checks (``suite = Suite()``)
hidden.py      hidden checks, run on submit
mutants/*.py   buggy variants; each names the check that must catch it
alternatives/*.py  other correct solutions that must pass (optional)
"""

from __future__ import annotations

import importlib.util
import re
import sys
import threading
import tomllib
import types
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from mldrills.errors import PackError

DIFFICULTIES = ("easy", "medium", "hard")
TOPICS = {
    1: "Transformers and attention",
    2: "LLM architecture, tuning and evaluation",
    3: "Gradient-boosted trees",
    4: "Linear and logistic models",
    5: "Evaluation, statistical inference, class imbalance",
    6: "Recommenders and bandits",
    7: "Distributed training and collectives",
    8: "Production ML pipelines",
    9: "Coding and algorithms",
    10: "Behavioral and leadership",
}
REQUIRED_FILES = ("meta.toml", "README.md", "starter.py", "solution.py", "tests.py", "hidden.py")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MUTANT_HEADER = re.compile(r"^#\s*(mistake|caught-by)\s*:\s*(.+?)\s*$", re.MULTILINE)
_MISTAKE_LINE = re.compile(r"^#\s*mistake\s*:")


@dataclass(frozen=True)
class Limits:
    """Per-exercise judge limits."""

    check_seconds: float = 10.0
    total_seconds: float = 60.0
    memory_mb: int = 1024


@dataclass(frozen=True)
class Forbid:
    """What a solution must not use (meta.toml ``[forbid]``): the statement says "implement it"."""

    modules: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    reason: str = ""

    def __bool__(self) -> bool:
        return bool(self.modules or self.names)


@dataclass(frozen=True)
class Meta:
    """The contents of ``meta.toml``."""

    slug: str
    area: str
    title: str
    topic: int
    difficulty: str
    time_minutes: int
    tags: tuple[str, ...]
    needs_torch: bool
    entrypoints: tuple[str, ...]
    limits: Limits
    summary: str = ""
    forbid: Forbid = field(default_factory=Forbid)
    console: str = ""  # an example console input; empty: taken from the visible checks

    @property
    def topic_name(self) -> str:
        """The syllabus section's title."""
        return TOPICS[self.topic]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready metadata (for ``list --json`` and the web API)."""
        return {
            "slug": self.slug,
            "area": self.area,
            "title": self.title,
            "topic": self.topic,
            "topic_name": self.topic_name,
            "difficulty": self.difficulty,
            "time_minutes": self.time_minutes,
            "tags": list(self.tags),
            "needs_torch": self.needs_torch,
            "entrypoints": list(self.entrypoints),
            "summary": self.summary,
        }


@dataclass(frozen=True)
class Mutant:
    """A buggy variant: the mistake it encodes and the check that must catch it."""

    path: Path
    mistake: str
    caught_by: str

    @property
    def name(self) -> str:
        """The file's stem."""
        return self.path.stem


@dataclass
class Exercise:
    """One exercise folder, loaded lazily."""

    meta: Meta
    path: Path
    mutants: list[Mutant] = field(default_factory=list)
    alternatives: list[Path] = field(default_factory=list)

    @property
    def slug(self) -> str:
        """The exercise's unique name (its folder name)."""
        return self.meta.slug

    @cached_property
    def statement(self) -> str:
        """The Markdown statement."""
        return (self.path / "README.md").read_text(encoding="utf-8")

    @cached_property
    def starter(self) -> str:
        """The starter code."""
        return (self.path / "starter.py").read_text(encoding="utf-8")

    def reference_source(self) -> str:
        """Source of the reference solution (shown to a learner only after a solve or give-up)."""
        return (self.path / "solution.py").read_text(encoding="utf-8")

    def visible_tests_source(self) -> str:
        """Source of the visible checks, which a learner may read."""
        return (self.path / "tests.py").read_text(encoding="utf-8")

    @cached_property
    def reference(self) -> types.ModuleType:
        """The reference solution, imported in the supervisor."""
        return _import(self.path / "solution.py", f"mldrills_packs.{_ident(self.slug)}.solution")

    def check_modules(self, hidden: bool) -> list[types.ModuleType]:
        """The imported ``tests.py``, then ``hidden.py`` when ``hidden`` (grading reads them)."""
        names = ("tests", "hidden") if hidden else ("tests",)
        return [
            _import(self.path / f"{name}.py", f"mldrills_packs.{_ident(self.slug)}.{name}")
            for name in names
        ]


def _ident(slug: str) -> str:
    return slug.replace("-", "_")


_IMPORT_LOCK = threading.RLock()


def _import(path: Path, name: str) -> types.ModuleType:
    # One import at a time: the module is in sys.modules while it executes, so without
    # the lock a second grading thread could take a half-imported tests.py ("no suite").
    with _IMPORT_LOCK:
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise PackError(f"cannot import {path}")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            del sys.modules[name]
            raise PackError(f"{path}: failed to import: {type(exc).__name__}: {exc}") from exc
        return module


def load_meta(folder: Path) -> Meta:
    """Parse and validate ``meta.toml``; every problem names the file."""
    path = folder / "meta.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"{folder}: missing meta.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: invalid TOML: {exc}") from None
    slug, area = folder.name, folder.parent.name

    def need(key: str, typ: type | tuple[type, ...]) -> Any:
        if key not in raw:
            raise PackError(f"{path}: missing `{key}`")
        if not isinstance(raw[key], typ) or (isinstance(raw[key], bool) and typ is int):
            raise PackError(f"{path}: `{key}` has the wrong type ({type(raw[key]).__name__})")
        return raw[key]

    if not SLUG_RE.match(slug):
        raise PackError(f"{folder}: folder name must be a slug like `merge-intervals`")
    topic = need("topic", int)
    if topic not in TOPICS:
        raise PackError(f"{path}: `topic` must be a syllabus section 1-10, got {topic}")
    difficulty = need("difficulty", str)
    if difficulty not in DIFFICULTIES:
        raise PackError(f"{path}: `difficulty` must be one of {', '.join(DIFFICULTIES)}")
    minutes = need("time_minutes", int)
    if not 1 <= minutes <= 120:
        raise PackError(f"{path}: `time_minutes` must be between 1 and 120")
    entry = need("entrypoints", list)
    if not entry or not all(isinstance(e, str) and e.isidentifier() for e in entry):
        raise PackError(f"{path}: `entrypoints` must list the names the solution defines")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise PackError(f"{path}: `tags` must be a list of strings")
    lim = raw.get("limits", {})
    unknown = set(raw) - {
        "title",
        "topic",
        "difficulty",
        "time_minutes",
        "tags",
        "needs_torch",
        "entrypoints",
        "limits",
        "summary",
        "forbid",
        "console",
    }
    if unknown:
        raise PackError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    try:
        limits = Limits(**lim)
    except TypeError as exc:
        raise PackError(f"{path}: bad [limits]: {exc}") from None
    return Meta(
        slug=slug,
        area=area,
        title=need("title", str),
        topic=topic,
        difficulty=difficulty,
        time_minutes=minutes,
        tags=tuple(tags),
        needs_torch=bool(raw.get("needs_torch", False)),
        entrypoints=tuple(entry),
        limits=limits,
        summary=str(raw.get("summary", "")),
        forbid=_load_forbid(raw.get("forbid", {}), path),
        console=_load_console(raw.get("console", ""), path),
    )


def _load_console(raw: Any, path: Path) -> str:
    """The optional ``console`` example: text of calls, for inputs the checks cannot give."""
    if not isinstance(raw, str) or len(raw) > 4000:
        raise PackError(f"{path}: `console` must be text of at most 4,000 characters")
    return raw.strip()


def _load_forbid(raw: Any, path: Path) -> Forbid:
    """Validate the optional ``[forbid]`` table: lists of dotted names and a reason."""
    if not isinstance(raw, dict) or set(raw) - {"modules", "names", "reason"}:
        raise PackError(f"{path}: [forbid] takes only `modules`, `names` and `reason`")
    lists = {key: raw.get(key, []) for key in ("modules", "names")}
    for key, value in lists.items():
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise PackError(f"{path}: [forbid] `{key}` must be a list of dotted names")
    reason = raw.get("reason", "")
    if not isinstance(reason, str) or (raw and not reason.strip()):
        raise PackError(f"{path}: [forbid] needs a `reason` the learner is shown")
    return Forbid(tuple(lists["modules"]), tuple(lists["names"]), reason)


def load_exercise(folder: Path) -> Exercise:
    """Load one exercise folder (metadata, mutants, alternatives)."""
    for name in REQUIRED_FILES:
        if not (folder / name).is_file():
            raise PackError(f"{folder}: missing {name}")
    meta = load_meta(folder)
    mutants = [parse_mutant(p) for p in sorted((folder / "mutants").glob("*.py"))]
    alternatives = sorted((folder / "alternatives").glob("*.py"))
    return Exercise(meta, folder, mutants, alternatives)


def parse_mutant(path: Path) -> Mutant:
    """Read a mutant's ``# mistake:`` and ``# caught-by:`` header lines.

    A long mistake may go on over the comment lines right after it, up to the next header
    line; they are joined into one sentence (learners read it in the diagnosis and the
    editorial's common mistakes).
    """
    text = path.read_text(encoding="utf-8")
    found = {k: v for k, v in _MUTANT_HEADER.findall(text)}
    if "mistake" not in found or "caught-by" not in found:
        raise PackError(f"{path}: a mutant starts with `# mistake: ...` and `# caught-by: CHECK`")
    return Mutant(path, _mistake_text(text, found["mistake"]), found["caught-by"])


def _mistake_text(text: str, first: str) -> str:
    """The mistake's first line plus the comment lines that continue it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if _MISTAKE_LINE.match(line))
    parts = [first]
    for line in lines[start + 1 :]:
        if not line.startswith("#") or _MUTANT_HEADER.match(line) or not line[1:].strip():
            break
        parts.append(line[1:].strip())
    return " ".join(parts)
