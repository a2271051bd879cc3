"""The story bank's library: text form, saving with principles, matrix, export, prompts."""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills.content.behavioral import BehavioralPack, load_behavioral
from mldrills.errors import InvalidInput, NotFound
from mldrills.practice import behavioral, stories
from mldrills.store import Store
from mldrills.store.stories import Metric

PACKS = Path(__file__).resolve().parents[2] / "packs"
TEXT = """title: Cut the GPU bill
principles: frugality, ownership
metric: GPU spend | 42,000 | 27500 | USD per month | over one quarter
metric: refresh time | | 5 | hours
---
I profiled the pipeline. The bill fell from $42,000 to $27,500 within one quarter.
"""


@pytest.fixture
def pack() -> BehavioralPack:
    return load_behavioral(PACKS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    opened.migrate()
    return opened


def test_text_form_round_trips(store: Store, pack: BehavioralPack) -> None:
    draft = stories.parse_story_text(TEXT)
    assert draft.title == "Cut the GPU bill"
    assert draft.principles == ["frugality", "ownership"]
    assert draft.metrics[0] == Metric(
        "GPU spend", 42000, 27500, "USD per month", "over one quarter"
    )
    assert draft.metrics[1].baseline is None
    user = store.local_user().id
    saved = stories.save_story(store, user, pack, draft, None)
    again = stories.parse_story_text(stories.story_text(saved, pack))
    assert again == draft


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: x\n", "no '---' line"),
        ("colour: red\n---\nstory", "header line 1"),
        ("metric: a | ten\n---\nx", "baseline 'ten' is not a number"),
    ],
)
def test_bad_text_form(text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        stories.parse_story_text(text)


def test_unknown_principle_is_refused(store: Store, pack: BehavioralPack) -> None:
    draft = stories.StoryDraft("t", "x", ["thrift"], [])
    with pytest.raises(NotFound, match="thrift"):
        stories.save_story(store, store.local_user().id, pack, draft, None)
    assert store.stories(store.local_user().id) == []


def test_matrix_shows_gaps(store: Store, pack: BehavioralPack) -> None:
    user = store.local_user().id
    cost = stories.save_story(store, user, pack, stories.parse_story_text(TEXT), None)
    result = stories.matrix(pack, store.stories(user))
    row = {p["slug"]: p for p in result["principles"]}
    assert row["frugality"]["stories"] == [cost.id]
    assert "frugality" not in result["gaps"]["principles"]
    assert "backbone" in result["gaps"]["principles"]
    prompts = {p["slug"]: p for p in result["prompts"]}
    assert prompts["reduced-cost"]["strong"] == [cost.id]
    assert prompts["raised-the-bar"]["strong"] == []  # ownership is not its main principle
    assert prompts["raised-the-bar"]["stories"] == [cost.id]
    assert "disagree-with-senior" in result["gaps"]["prompts"]


def test_export_markdown(store: Store, pack: BehavioralPack) -> None:
    user = store.local_user().id
    stories.save_story(store, user, pack, stories.parse_story_text(TEXT), None)
    text = stories.export_markdown(pack, store.stories(user))
    assert "## Cut the GPU bill" in text
    assert "**Principles:** Frugality, Ownership" in text
    assert "- GPU spend: 42000 → 27500 USD per month (over one quarter)" in text
    assert "Principles with no story:" in text and "Think big" in text
    assert "Disagreeing with a senior colleague" in text
    assert "No stories yet." in stories.export_markdown(pack, [])


def test_metric_notes() -> None:
    notes = stories.metric_notes([Metric("p95"), Metric("cost", 1, 2, "USD", "a month")])
    assert notes == ["Metric 'p95' has no a baseline, an after value, a unit, a time frame."]


def test_pick_and_feedback(store: Store, pack: BehavioralPack) -> None:
    picked = behavioral.pick_prompts(pack, 3, seed=7)
    assert len({p.slug for p in picked}) == 3
    assert behavioral.pick_prompts(pack, 3, seed=7) == picked
    frugal = behavioral.pick_prompts(pack, 50, principles=["frugality"])
    assert frugal and all("frugality" in p.principles for p in frugal)
    user = store.local_user().id
    stories.save_story(store, user, pack, stories.parse_story_text(TEXT), None)
    prompt = pack.prompt("reduced-cost")
    feedback = behavioral.answer_feedback(prompt, "I cut the bill by 30%.", store.stories(user))
    data = feedback.to_dict()
    assert data["follow_ups"] == list(prompt.follow_ups)
    assert data["matching_stories"][0]["title"] == "Cut the GPU bill"
    with pytest.raises(InvalidInput):
        behavioral.answer_feedback(prompt, "  ")
