"""Grading free-text answers against rubric points: made, missed, wrong, negated, paraphrased."""

from __future__ import annotations

import pytest

from mldrills.content.rubric import RubricPoint
from mldrills.errors import InvalidInput
from mldrills.feedback import grade_answer
from mldrills.feedback.rubric import MAX_ANSWER_CHARS

LAYERNORM = RubricPoint(
    point="LayerNorm normalises each token over its own features, not across the batch.",
    terms=(("layernorm", "layer norm"), ("feature", "hidden", "per token", "each token")),
    also=("the mean and variance are computed per example across the hidden dimension",),
    wrong=("layernorm normalises each feature over the batch",),
)
INDEPENDENT = RubricPoint(
    point="LayerNorm does not depend on the batch size, so inference matches training.",
    terms=(("batch size", "batch"), ("independent", "not depend", "same", "consistent")),
    also=("a single sequence at serving time is treated exactly as during training",),
)
POINTS = (LAYERNORM, INDEPENDENT)


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_made_points_cite_the_sentence_that_made_them(method: str) -> None:
    answer = (
        "Transformers normalise activations. LayerNorm normalises each token over its "
        "hidden features. It is independent of the batch size."
    )
    grade = grade_answer(answer, POINTS, method=method)  # type: ignore[arg-type]
    assert [p.made for p in grade.points] == [True, True]
    assert grade.points[0].evidence == "LayerNorm normalises each token over its hidden features."
    assert grade.points[1].evidence == "It is independent of the batch size."
    assert grade.score == 1.0


@pytest.mark.parametrize("method", ["lexical", "embedding", "combined"])
def test_missed_point_has_no_evidence(method: str) -> None:
    grade = grade_answer(
        "LayerNorm normalises each token over its features.", POINTS, method=method
    )
    assert grade.points[0].made
    assert not grade.points[1].made
    assert grade.points[1].evidence is None
    assert grade.score == 0.5
    assert grade.made == 1


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_common_wrong_claim_does_not_earn_the_point(method: str) -> None:
    answer = "LayerNorm normalises each feature over the batch."
    result = grade_answer(answer, POINTS, method=method).points[0]  # type: ignore[arg-type]
    assert not result.made
    assert result.evidence == answer
    assert (
        result.reason
        == "states a common wrong claim: layernorm normalises each feature over the batch"
    )


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_negated_point_is_not_made(method: str) -> None:
    answer = "LayerNorm does not normalise each token over its features."
    result = grade_answer(answer, POINTS, method=method).points[0]  # type: ignore[arg-type]
    assert not result.made
    assert result.reason == "says the opposite of the point"


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_negation_in_the_point_itself_matches_a_negated_answer(method: str) -> None:
    answer = "LayerNorm does not depend on the batch size at all."
    assert grade_answer(answer, POINTS, method=method).points[1].made  # type: ignore[arg-type]
    flipped = "LayerNorm's output is not the same for every batch size."
    assert not grade_answer(flipped, POINTS, method=method).points[1].made  # type: ignore[arg-type]


def test_contrast_with_another_subject_is_not_a_wrong_claim() -> None:
    answer = (
        "BatchNorm normalises each feature over the batch, while LayerNorm normalises each "
        "token over its hidden features."
    )
    result = grade_answer(answer, POINTS).points[0]
    assert result.made
    assert result.reason is None


@pytest.mark.parametrize(
    ("answer", "index"),
    [
        (
            "The transformer version computes mean and variance within each position, across "
            "that vector's own coordinates.",
            0,
        ),
        (
            "It needs no running averages, so a lone sequence at serving time is treated "
            "exactly as in training.",
            1,
        ),
    ],
)
def test_paraphrase_without_the_rubric_words_is_accepted(answer: str, index: int) -> None:
    assert not grade_answer(answer, POINTS, method="lexical").points[index].made
    assert grade_answer(answer, POINTS).points[index].made


def test_empty_answer_makes_no_point() -> None:
    for answer in ("", "   \n  ", "..."):
        grade = grade_answer(answer, POINTS)
        assert grade.score == 0.0
        assert not any(p.made for p in grade.points)


def test_oversized_answer_is_refused_not_truncated() -> None:
    with pytest.raises(InvalidInput, match="limit is"):
        grade_answer("LayerNorm. " * (MAX_ANSWER_CHARS // 5), POINTS)


def test_unknown_method_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="unknown grading method"):
        grade_answer("x", POINTS, method="magic")  # type: ignore[arg-type]


def test_no_points_scores_zero() -> None:
    assert grade_answer("anything", ()).score == 0.0


def test_to_dict_is_json_ready() -> None:
    data = grade_answer("LayerNorm normalises each token over its features.", POINTS).to_dict()
    assert data["made"] == 1 and data["total"] == 2 and data["score"] == 0.5
    assert data["points"][0] == {
        "point": LAYERNORM.point,
        "made": True,
        "score": 1.0,
        "evidence": "LayerNorm normalises each token over its features.",
        "reason": None,
    }


def test_a_paraphrase_with_an_added_negation_is_not_accepted() -> None:
    close = "It needs no running averages, so a lone sequence at serving time is treated alike."
    assert grade_answer(close, POINTS).points[1].made
    paraphrase = (
        "The transformer version computes mean and variance within each position, across "
        "that vector's own coordinates."
    )
    negated = paraphrase.replace("computes", "does not compute")
    assert grade_answer(paraphrase, POINTS).points[0].made
    result = grade_answer(negated, POINTS).points[0]
    assert not result.made
    assert result.reason == "says the opposite of the point"


L2 = RubricPoint(
    point="L2 penalises squared weights and shrinks them smoothly without zeroing them.",
    terms=(("l2", "ridge"), ("shrink", "smooth")),
    wrong=("l1 shrinks weights smoothly without zeroing them",),
)


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_a_wrong_claim_with_its_own_subject_counts_in_any_clause(method: str) -> None:
    swapped = "L2 drives weights to zero, and L1 shrinks weights smoothly without zeroing them."
    result = grade_answer(swapped, [L2], method=method).points[0]  # type: ignore[arg-type]
    assert not result.made
    assert (
        result.reason
        == "states a common wrong claim: l1 shrinks weights smoothly without zeroing them"
    )
    right = "L1 zeroes weights, while L2 shrinks weights smoothly without zeroing them."
    assert grade_answer(right, [L2], method=method).points[0].made  # type: ignore[arg-type]
