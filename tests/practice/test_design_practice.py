"""Design practice: phase plans, notes split by headings, grading phase by phase, the sketch."""

from __future__ import annotations

from pathlib import Path

import pytest

from mldrills.content.prompts import get_prompt
from mldrills.errors import InvalidInput
from mldrills.practice import design
from mldrills.practice import diagram as dg

PACKS = Path(__file__).parents[2] / "packs"


def test_plan_defaults_and_custom_minutes() -> None:
    assert [p.minutes for p in design.plan()] == [5, 10, 20, 5]
    assert [p.minutes for p in design.plan(design.parse_minutes("1,2,3,4"))] == [1, 2, 3, 4]
    for bad in ("1,2,3", "1,2,x,4", "0,1,1,1"):
        with pytest.raises(InvalidInput):
            design.plan(design.parse_minutes(bad))


def test_split_sections() -> None:
    text = "intro\n## deep-dives\nranker\n## diagram\na -> b\n"
    parts = design.split_sections(text, ["clarify", "deep-dives"], "clarify")
    assert parts == {"clarify": "intro", "deep-dives": "ranker", "diagram": "a -> b"}
    with pytest.raises(InvalidInput, match="use one of"):
        design.split_sections("## nope\nx", ["clarify"], "clarify")


def test_feedback_credits_the_phase_that_made_a_point() -> None:
    prompt = get_prompt("product-recommender", PACKS)
    texts = {
        "clarify": "The goal is purchases per session.",
        "deep-dives": "Evaluate ranking with NDCG on a time-based split of the logs.",
    }
    fb = design.feedback_for_texts(prompt, texts, "lexical")
    by_id = {s.id: s for s in fb.sections}
    assert by_id["requirements"].points[0].phase == "clarify"
    assert by_id["evaluation"].made == 2
    assert by_id["serving"].made == 0
    assert 0 < fb.coverage < 0.5
    assert ("Serving and latency budget", prompt.sections[6].points[0].point) in fb.missed


def test_empty_notes_make_no_points() -> None:
    prompt = get_prompt("product-recommender", PACKS)
    assert design.feedback_for_texts(prompt, {"clarify": "  "}, "lexical").coverage == 0


def test_assessment_is_checked() -> None:
    good = {i: "2" for i, _ in design.SELF_ASSESSMENT}
    assert set(design.check_assessment(good).values()) == {2}
    with pytest.raises(InvalidInput):
        design.check_assessment({**good, "time": "5"})
    with pytest.raises(InvalidInput, match="unknown"):
        design.parse_assessment("speed=3")


def test_diagram_parse_layout_and_escaping() -> None:
    d = dg.parse(
        "# sketch\nclient -> api: HTTPS\napi -> ranker -> store\nstore -> api\ncache\n -> x"
    )
    assert d.nodes == ["client", "api", "ranker", "store", "cache"]
    assert d.edges[0] == dg.Edge("client", "api", "HTTPS")
    assert len(d.problems) == 1 and "line 6" in d.problems[0]
    layer = dg.layers(d)
    assert layer["client"] == 0 and layer["api"] == 1 and layer["store"] == 3  # cycle cut
    svg = dg.to_svg(dg.parse("a<b> -> c&d"))
    assert "a&lt;b&gt;" in svg and "c&amp;d" in svg and "<script" not in svg
    assert "client -> api  (HTTPS)" in dg.to_text(d)
    assert "client sends to api (HTTPS)." in dg.as_sentences(d)


def test_clock_counts_the_current_phase_and_the_whole_session() -> None:
    from datetime import UTC, datetime, timedelta

    from mldrills.store.design import DesignSessionRecord

    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    phases = [p.to_dict() for p in design.plan([1, 2, 3, 4])]
    record = DesignSessionRecord(
        1, 1, "x", phases, 1, t0 + timedelta(minutes=1), "", {}, None, t0, t0, None
    )
    now = t0 + timedelta(minutes=4)
    c = design.clock(record, now)
    assert c["phase"] == "high-level" and c["used_s"] == 180 and c["left_s"] == -60
    assert c["elapsed_s"] == 240 and c["total_minutes"] == 10 and not c["finished"]
