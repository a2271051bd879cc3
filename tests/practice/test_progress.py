"""Per-area progress across exercises, cards and drills, and cards due, for one user."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mldrills.content.pack import Limits, Meta
from mldrills.practice.progress import knowledge_progress
from mldrills.store import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge_pack"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def meta(slug: str, topic: int) -> Meta:
    return Meta(slug, "x", slug, topic, "easy", 10, (), False, ("f",), Limits())


METAS = [meta("dot-product", 4), meta("merge-intervals", 9)]


@pytest.fixture
def packs(tmp_path: Path) -> Path:
    root = tmp_path / "packs"
    shutil.copytree(FIXTURE, root)
    return root


def by_area(data: dict[str, object]) -> dict[str, dict[str, object]]:
    return {a["area"]: a for a in data["areas"]}  # type: ignore[attr-defined,index]


def test_new_user_sees_every_area_at_zero(store: Store, packs: Path) -> None:
    user = store.local_user().id
    data = knowledge_progress(store, user, packs, METAS, {}, NOW)
    assert data["problem"] is None and (data["due_now"], data["due_today"]) == (0, 0)
    areas = by_area(data)
    assert list(areas)[:2] == ["transformers", "llm"] and len(areas) == 10
    assert areas["linear"]["exercises"] == 1 and areas["linear"]["cards"] == 1
    assert areas["transformers"]["drills"] == 1 and areas["transformers"]["percent"] == 0


def test_exercises_cards_and_drills_count(store: Store, packs: Path) -> None:
    user = store.local_user().id
    stats = {"merge-intervals": {"attempts": 2, "test_runs": 0, "passes": 1}}
    store.record_review(
        user, "coding/first-card", state={}, due=NOW + timedelta(hours=2), reviewed_at=NOW, rating=3
    )
    store.record_review(
        user, "llm/first-card", state={}, due=NOW - timedelta(minutes=1), reviewed_at=NOW, rating=1
    )
    store.record_drill_attempt(
        user, slug="kv-cache-bytes", area="transformers", seed=1, params={}, answer="2 GiB",
        value=2.0, verdict="correct",
    )  # fmt: skip
    data = knowledge_progress(store, user, packs, METAS, stats, NOW)  # type: ignore[arg-type]
    areas = by_area(data)
    coding = areas["coding"]
    assert (coding["solved"], coding["exercises"], coding["cards_seen"]) == (1, 1, 1)
    assert coding["percent"] == 100  # 1 exercise solved + 1 card seen of 2 items
    assert areas["llm"]["cards_due"] == 1 and areas["coding"]["cards_due"] == 0
    assert (data["due_now"], data["due_today"]) == (1, 2)
    drills = areas["transformers"]
    assert (drills["drills_tried"], drills["drill_answers"], drills["drill_correct"]) == (1, 1, 1)


def test_missing_deck_reads_as_none_and_broken_syllabus_as_problem(
    store: Store, packs: Path
) -> None:
    user = store.local_user().id
    (packs / "decks" / "trees.toml").unlink()
    assert by_area(knowledge_progress(store, user, packs, METAS, {}, NOW))["trees"]["cards"] is None
    (packs / "syllabus.toml").write_text("[[area]\n", encoding="utf-8")
    data = knowledge_progress(store, user, packs, METAS, {}, NOW)
    assert data["areas"] == [] and "cannot read the syllabus" in str(data["problem"])
