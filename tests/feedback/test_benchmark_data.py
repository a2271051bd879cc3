"""The labelled free-text set the grader is measured on stays complete and well-formed."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

from mldrills.content.rubric import RubricPoint

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "free_text_answers.toml"
AREAS = {
    "transformers", "llm", "trees", "linear", "evaluation",
    "recsys", "distributed", "pipelines", "coding", "behavioral",
}  # fmt: skip


def test_labelled_set_covers_every_area_with_per_point_labels() -> None:
    questions = tomllib.loads(DATA.read_text(encoding="utf-8"))["question"]
    assert {q["area"] for q in questions} == AREAS
    assert len({q["id"] for q in questions}) == len(questions)
    answers = [a for q in questions for a in q["answers"]]
    assert len(answers) >= 150
    for q in questions:
        points = [RubricPoint.from_dict(p, q["id"]) for p in q["points"]]
        assert 2 <= len(points) <= 5, q["id"]
        assert q["split"] in ("tune", "test"), q["id"]
        for a in q["answers"]:
            assert a["label"] in ("good", "partial", "poor"), q["id"]
            assert len(a["made"]) == len(points) and set(a["made"]) <= {0, 1}, q["id"]
    kinds = Counter(a.get("kind") for a in answers)
    assert kinds["paraphrase"] >= 20 and kinds["wrong-words"] >= 20
    assert {q["split"] for q in questions} == {"tune", "test"}
