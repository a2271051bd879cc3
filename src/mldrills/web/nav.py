"""The sections of the app: built ones link to pages, the rest say "coming soon"."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    """One entry of the navigation."""

    key: str
    label: str
    href: str
    ready: bool
    blurb: str


SECTIONS = (
    Section("dashboard", "Dashboard", "/", True, "Your progress and what to do next."),
    Section("exercises", "Exercises", "/exercises", True, "Timed coding exercises, auto-graded."),
    Section("guides", "Guides", "/guides", True, "Topic guides for each syllabus area."),
    Section("cards", "Cards", "/review", True, "Spaced-repetition review of concept cards."),
    Section("drills", "Drills", "/drills", True, "Numeric drills: memory, FLOPs, metrics, costs."),
    Section("design", "Design", "/design", True, "ML system design practice with rubrics."),
    Section("stories", "Stories", "/stories", True, "Behavioral stories, drafted and rehearsed."),
    Section("mocks", "Mock loops", "/mocks", True, "Full interview loops against the clock."),
)


def section(key: str) -> Section | None:
    """The section named ``key``, or None."""
    return next((s for s in SECTIONS if s.key == key), None)


def sections_data() -> list[dict[str, Any]]:
    """Every section as JSON-ready data."""
    return [asdict(s) for s in SECTIONS]
