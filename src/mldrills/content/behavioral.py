"""Behavioral content: leadership principles and interview prompts in ``packs/behavioral/``.

``principles.toml`` holds ``[[principle]]`` tables (slug, title, summary, evidence);
``prompts.toml`` holds ``[[prompt]]`` tables (slug, title, question, principles,
follow_ups, look_for). Stories in a user's bank are tagged with principle slugs, and the
story matrix checks them against both files.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.errors import NotFound, PackError

FOLDER = "behavioral"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PRINCIPLE_KEYS = {"slug", "title", "summary", "evidence"}
_PROMPT_KEYS = {"slug", "title", "question", "principles", "follow_ups", "look_for"}
MIN_PROMPTS = 16


@dataclass(frozen=True)
class Principle:
    """A leadership principle a story can show."""

    slug: str
    title: str
    summary: str
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "slug": self.slug,
            "title": self.title,
            "summary": self.summary,
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class BehavioralPrompt:
    """A behavioral question, the principles it probes and the follow-ups that come next."""

    slug: str
    title: str
    question: str
    principles: tuple[str, ...]
    follow_ups: tuple[str, ...]
    look_for: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "slug": self.slug,
            "title": self.title,
            "question": self.question,
            "principles": list(self.principles),
            "follow_ups": list(self.follow_ups),
            "look_for": list(self.look_for),
        }


@dataclass(frozen=True)
class BehavioralPack:
    """The principles and prompts, in file order."""

    principles: tuple[Principle, ...]
    prompts: tuple[BehavioralPrompt, ...]

    @property
    def principle_slugs(self) -> list[str]:
        """Principle slugs in file order."""
        return [p.slug for p in self.principles]

    def prompt(self, slug: str) -> BehavioralPrompt:
        """The prompt ``slug``; NotFound otherwise."""
        for prompt in self.prompts:
            if prompt.slug == slug:
                return prompt
        raise NotFound(
            f"no behavioral prompt {slug!r}", hint="`mldrills behavioral --list` lists them."
        )

    def check_principles(self, slugs: list[str]) -> None:
        """Raise NotFound naming the first slug that is no principle."""
        known = set(self.principle_slugs)
        for slug in slugs:
            if slug not in known:
                raise NotFound(
                    f"no leadership principle {slug!r}",
                    hint="known: " + ", ".join(self.principle_slugs),
                )


def behavioral_dir(root: Path | str | None = None) -> Path:
    """The behavioral folder under the packs folder (``root`` or the packs_dir setting)."""
    return Path(root or settings.get("packs_dir")) / FOLDER


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{path}: cannot read: {exc}") from None


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _texts(raw: Mapping[str, Any], key: str, where: str, least: int) -> tuple[str, ...]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PackError(f"{where}: {key!r} must be a list of non-empty strings")
    if len(value) < least:
        raise PackError(f"{where}: {key!r} needs at least {least} entries")
    return tuple(v.strip() for v in value)


def _tables(path: Path, name: str, keys: set[str]) -> list[tuple[Mapping[str, Any], str]]:
    data = _read(path)
    tables = data.get(name)
    if not isinstance(tables, list) or not tables:
        raise PackError(f"{path}: needs [[{name}]] tables")
    out = []
    for i, raw in enumerate(tables):
        where = f"{path}: {name} {i + 1}"
        extra = set(raw) - keys
        if extra:
            raise PackError(f"{where}: unknown keys {sorted(extra)}")
        slug = _text(raw, "slug", where)
        if not _SLUG.match(slug):
            raise PackError(f"{where}: slug {slug!r} must be lowercase words joined by hyphens")
        out.append((raw, f"{path}: {name} {slug!r}"))
    slugs = [str(raw["slug"]) for raw, _ in out]
    dupes = sorted({s for s in slugs if slugs.count(s) > 1})
    if dupes:
        raise PackError(f"{path}: duplicate slugs {dupes}")
    return out


def _principle(raw: Mapping[str, Any], where: str) -> Principle:
    return Principle(
        slug=str(raw["slug"]),
        title=_text(raw, "title", where),
        summary=_text(raw, "summary", where),
        evidence=_text(raw, "evidence", where),
    )


def _prompt(raw: Mapping[str, Any], where: str, known: set[str]) -> BehavioralPrompt:
    principles = _texts(raw, "principles", where, 1)
    unknown = [p for p in principles if p not in known]
    if unknown:
        raise PackError(f"{where}: unknown principles {unknown}")
    return BehavioralPrompt(
        slug=str(raw["slug"]),
        title=_text(raw, "title", where),
        question=_text(raw, "question", where),
        principles=principles,
        follow_ups=_texts(raw, "follow_ups", where, 2),
        look_for=_texts(raw, "look_for", where, 1),
    )


def load_behavioral(root: Path | str | None = None) -> BehavioralPack:
    """Both files of the behavioral pack; PackError naming the file and entry when broken.

    A packs folder without a ``behavioral`` folder (a test or a partial pack) has no
    principles and no prompts; a folder with a missing or broken file is an error.
    """
    folder = behavioral_dir(root)
    if not folder.is_dir():
        return BehavioralPack(principles=(), prompts=())
    principles = tuple(
        _principle(raw, where)
        for raw, where in _tables(folder / "principles.toml", "principle", _PRINCIPLE_KEYS)
    )
    known = {p.slug for p in principles}
    prompts = tuple(
        _prompt(raw, where, known)
        for raw, where in _tables(folder / "prompts.toml", "prompt", _PROMPT_KEYS)
    )
    return BehavioralPack(principles=principles, prompts=prompts)


def validate_behavioral(root: Path | str | None = None) -> list[str]:
    """Problems of the behavioral pack (none when the folder is absent, as in test packs)."""
    folder = behavioral_dir(root)
    if not folder.is_dir():
        return []
    try:
        pack = load_behavioral(root)
    except PackError as exc:
        return [str(exc)]
    problems = []
    if len(pack.prompts) < MIN_PROMPTS:
        problems.append(
            f"{folder / 'prompts.toml'}: {len(pack.prompts)} prompts; at least {MIN_PROMPTS} needed"
        )
    probed = {p for prompt in pack.prompts for p in prompt.principles}
    for principle in pack.principles:
        if principle.slug not in probed:
            problems.append(
                f"{folder / 'principles.toml'}: principle {principle.slug!r} is probed by no prompt"
            )
    return problems
