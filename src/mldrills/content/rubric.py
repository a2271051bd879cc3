"""Rubric points: what a good free-text answer must say, shared by cards, prompts and graders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mldrills.errors import PackError


@dataclass(frozen=True)
class RubricPoint:
    """One claim a good answer must make.

    ``terms`` are groups of synonyms: a sentence can make the point only if it mentions a
    term of every group. ``also`` are paraphrases of the claim in other words; ``wrong``
    are common false claims that use similar words and must not count as the point.
    """

    point: str
    terms: tuple[tuple[str, ...], ...] = ()
    also: tuple[str, ...] = ()
    wrong: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str) -> RubricPoint:
        """Build a point from its TOML table; ``where`` names it in error messages."""
        unknown = set(data) - {"point", "terms", "also", "wrong"}
        if unknown:
            raise PackError(f"{where}: unknown rubric key(s) {', '.join(sorted(unknown))}")
        point = data.get("point")
        if not isinstance(point, str) or not point.strip():
            raise PackError(f"{where}: a rubric point needs a non-empty 'point' sentence")
        terms = data.get("terms", [])
        if not isinstance(terms, list) or not all(
            isinstance(g, list) and g and all(isinstance(w, str) and w.strip() for w in g)
            for g in terms
        ):
            raise PackError(f"{where}: 'terms' must be a list of non-empty lists of words")
        if len(terms) > 3:
            raise PackError(f"{where}: at most 3 term groups, found {len(terms)}")
        return cls(
            point=point.strip(),
            terms=tuple(tuple(w.strip().lower() for w in g) for g in terms),
            also=_strings(data.get("also", []), "also", where),
            wrong=_strings(data.get("wrong", []), "wrong", where),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the API and exports)."""
        return {
            "point": self.point,
            "terms": [list(g) for g in self.terms],
            "also": list(self.also),
            "wrong": list(self.wrong),
        }


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        raise PackError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(s.strip() for s in value)
