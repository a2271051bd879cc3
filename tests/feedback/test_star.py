"""The STAR analyzer: parts, shares, quantified results, ownership, reflections, timing."""

from __future__ import annotations

import pytest

from mldrills.feedback.star import FINDINGS, WORDS_PER_MINUTE, analyze

STRONG = (
    "At my last company the nightly feature pipeline ran on on-demand GPU machines. "
    "I was asked to bring the bill down without slowing the refresh. "
    "I profiled every stage and moved the SQL steps to spot CPU instances. "
    "I chose spot capacity even though it meant handling preemptions. "
    "The monthly bill fell from $42,000 to $27,500 within one quarter. "
    "I learned to profile before buying hardware."
)
VAGUE = (
    "We had a model that was not great. We looked at it and we retrained it. "
    "Things got better after that."
)


def test_strong_story_has_every_part_and_mark() -> None:
    report = analyze(STRONG)
    present = report.present()
    assert set(present) == set(FINDINGS)
    assert all(present[f] for f in FINDINGS if f != "failure"), present
    assert not present["failure"]
    assert report.labels[0] == "situation"
    assert report.labels[4] == "result"
    assert "$42,000 to $27,500" in report.marks["baseline_after"].evidence[0]
    assert report.marks["lesson"].evidence == (report.sentences[-1],)


def test_shares_sum_to_at_most_one_and_follow_the_words() -> None:
    report = analyze(STRONG)
    total = sum(p.share for p in report.parts.values())
    assert 0.9 <= total <= 1.0 + 1e-9
    assert report.parts["action"].share > report.parts["situation"].share


def test_vague_we_story_is_not_owned_and_not_quantified() -> None:
    report = analyze(VAGUE)
    assert report.marks["owned"].present is False
    assert report.plural > report.singular
    assert report.marks["quantified"].present is False
    assert any("number" in tip for tip in report.advice)
    assert any('"I"' in tip for tip in report.advice)


def test_relative_change_is_quantified_without_baseline() -> None:
    report = analyze("I rewrote the ranker. Click-through went up 3.2% in two weeks.")
    assert report.marks["quantified"].present
    assert report.marks["timeframe"].present
    assert not report.marks["baseline_after"].present


def test_explicit_labels_win() -> None:
    text = "Situation: a forecast nobody trusted. Task: I had to fix it. Action: I met planners. Result: they used it."
    assert analyze(text).labels == ("situation", "task", "action", "result")


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("I shipped it at the cost of two weeks of testing.", "tradeoff"),
        ("The model failed in production on a Friday.", "failure"),
        ("In hindsight I would have asked the annotators first.", "lesson"),
    ],
)
def test_reflections(text: str, mark: str) -> None:
    assert analyze(text).marks[mark].evidence == (text,)


def test_speaking_time_uses_the_stated_pace() -> None:
    text = " ".join(["word"] * 300) + "."
    report = analyze(text)
    assert report.words == 300
    assert report.speaking_seconds == round(300 * 60 / WORDS_PER_MINUTE)
    assert report.to_dict()["words_per_minute"] == WORDS_PER_MINUTE


def test_empty_text() -> None:
    report = analyze("   ")
    assert report.words == 0
    assert not any(report.present().values())
