"""Shapes shared by several views: exercise rows, attempt summaries, the catalog's metas."""

from __future__ import annotations

import logging
from typing import Any

from mldrills.content import Catalog, Meta
from mldrills.errors import PackError
from mldrills.store import AttemptRecord

log = logging.getLogger("mldrills.web")
DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


def metas(catalog: Catalog) -> list[Meta]:
    """Every loadable exercise's metadata by topic and title; a broken pack is skipped."""
    out = []
    for slug in catalog.slugs:
        try:
            out.append(catalog.get(slug).meta)
        except PackError as exc:
            log.warning("skipping exercise %s: %s", slug, exc.message)
    return sorted(out, key=lambda m: (m.topic, DIFFICULTY_ORDER[m.difficulty], m.title))


def attempt_row(a: AttemptRecord) -> dict[str, Any]:
    """An attempt without its code or full result."""
    return a.summary()
