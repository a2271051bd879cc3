"""Fixtures for the review tests: a migrated SQLite store and the fixture decks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mldrills.content.decks import CardIndex
from mldrills.store import Store

REVIEW_PACKS = Path(__file__).resolve().parents[1] / "fixtures" / "review_packs"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A migrated, empty SQLite store."""
    with Store(f"sqlite:///{tmp_path / 'review.db'}") as opened:
        opened.migrate()
        yield opened


@pytest.fixture
def index() -> CardIndex:
    """The fixture decks: transformers (3 cards) then linear (1 card)."""
    return CardIndex.load(REVIEW_PACKS)
