"""The real knowledge content: every area has its guide, deck and drills, and every link resolves.

These tests read packs/ as shipped. They fail while content is missing: that is the point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills.content import Catalog
from mldrills.content.decks import load_deck
from mldrills.content.guides import SECTION_TITLES, load_guide
from mldrills.content.knowledge import LinkIndex, exercise_topics, link_problems, validate_knowledge
from mldrills.content.pack import TOPICS
from mldrills.content.syllabus import load_syllabus, validate_syllabus

PACKS = Path(__file__).resolve().parents[2] / "packs"
SYLLABUS = load_syllabus(PACKS)
AREAS = SYLLABUS.slugs
MIN_CARDS = 20


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(PACKS)


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> LinkIndex:
    return LinkIndex.build(SYLLABUS, set(catalog.slugs))


def test_ten_areas_agree_with_exercise_topics() -> None:
    assert [(a.number, a.title) for a in SYLLABUS.areas] == list(TOPICS.items())


def test_area_lists_in_code_agree_with_the_syllabus() -> None:
    from mldrills.content.decks import AREA_ORDER
    from mldrills.content.drills import AREAS as DRILL_AREAS

    assert list(AREA_ORDER) == AREAS and list(DRILL_AREAS) == AREAS


def test_syllabus_names_only_what_exists(catalog: Catalog) -> None:
    assert validate_syllabus(SYLLABUS, exercise_topics(catalog)) == []


@pytest.mark.parametrize("area", AREAS)
def test_guide_has_every_section_and_its_links_resolve(area: str, index: LinkIndex) -> None:
    guide = load_guide(SYLLABUS.guide_path(area), area)
    assert [s.title for s in guide.sections] == list(SECTION_TITLES)
    assert link_problems(guide, index) == []
    practice = guide.sections[-1]
    assert f"(deck:{area})" in practice.body, "Practice items link the area's deck"


@pytest.mark.parametrize("area", AREAS)
def test_guide_links_its_area_practice_items(area: str) -> None:
    guide = load_guide(SYLLABUS.guide_path(area), area)
    linked = {k.ref for k in guide.links}
    entry = SYLLABUS.area(area)
    wanted = {f"exercise:{e}" for e in entry.exercises} | {f"drill:{d}" for d in entry.drills}
    assert sorted(wanted - linked) == []
    assert {f"guide:{p}" for p in entry.pivots} <= linked


@pytest.mark.parametrize("area", AREAS)
def test_deck_has_enough_cards(area: str) -> None:
    deck = load_deck(SYLLABUS.deck_path(area))
    assert deck.area == area
    assert len(deck.cards) >= MIN_CARDS


def test_check_finds_no_problem(catalog: Catalog) -> None:
    assert validate_knowledge(PACKS, catalog) == []
