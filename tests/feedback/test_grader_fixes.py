"""Grader flaws found by second readers of the decks: wrong figures, coordinated clauses,
swapped definitions, "nothing", inline dashes, subjects named in another clause."""

from __future__ import annotations

import pytest

from mldrills.content.rubric import RubricPoint
from mldrills.feedback import grade_answer
from mldrills.feedback import text as tx
from mldrills.feedback.numbers import mentions, numbers

CAPACITY = RubricPoint(
    point="For 4,096 tokens, 8 experts, top-2 and factor 1.25 the capacity is 1,280 tokens.",
    terms=(("1280", "1,280"),),
    wrong=("capacity is 640 tokens per expert",),
)
KV = RubricPoint(
    point="For this model it is 512 KiB per token, or 2 GiB for 4,096 tokens.",
    terms=(("2 gib", "512 kib", "0.5 mib"),),
)
PRECISION = RubricPoint(
    point="Precision is TP divided by TP plus FP.",
    terms=(("precision",), ("predicted positives", "flagged")),
)
RECALL = RubricPoint(
    point="Recall is TP divided by TP plus FN.",
    terms=(("recall",), ("real positives", "actual positives")),
)
LAYERNORM = RubricPoint(
    point="LayerNorm normalises each token over its own features, not across the batch.",
    terms=(("layernorm", "layer norm"), ("feature", "hidden", "each token")),
    wrong=("layernorm normalises each feature over the batch",),
)
PR = RubricPoint(
    point="Precision is TP over TP plus FP and recall is TP over TP plus FN.",
    terms=(("precision", "recall"),),
    wrong=("precision is tp divided by tp plus fn",),
)
EFFECT = RubricPoint(
    point="It does not measure effect size or practical importance.",
    terms=(("effect size", "magnitude", "practical"),),
)
SLO = RubricPoint(
    point="SLOs should use tail percentiles because the mean hides the slow requests.",
    terms=(("tail", "p99", "percentile"), ("hides", "outliers", "slow tail")),
    wrong=("the mean latency is the best number for an slo",),
)


PERPLEXITY = RubricPoint(
    point="For a mean NLL of 2.0 nats the perplexity is about 7.39.",
    terms=(("7.39", "7.4", "e^2", "e squared"),),
    wrong=("For a mean NLL of 2.0 nats the perplexity is 4.",),
)
PASS_AT_K = RubricPoint(
    point="With n = 10 and c = 3, pass@5 is about 0.917.",
    terms=(("0.917", "0.92", "91.7", "92%"),),
)


@pytest.mark.parametrize("method", ["lexical", "combined"])
@pytest.mark.parametrize(
    ("answer", "point"),
    [
        ("Capacity is 640 tokens per expert.", CAPACITY),
        ("The capacity comes to about 1,000 tokens for each of the experts.", CAPACITY),
        ("With a mean NLL of 2 nats, perplexity is 4.", PERPLEXITY),
        ("For a mean NLL of 2.0 nats the perplexity is about 5.4.", PERPLEXITY),
        ("With n = 10 and c = 3, pass@5 is about 0.5.", PASS_AT_K),
    ],
)
def test_a_wrong_figure_does_not_earn_a_numeric_point(
    method: str, answer: str, point: RubricPoint
) -> None:
    assert not grade_answer(answer, [point], method=method).points[0].made  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "point"),
    [
        ("For a mean NLL of 2 nats the perplexity is e^2, about 7.39.", PERPLEXITY),
        ("With n = 10 and c = 3, pass@5 comes to .917.", PASS_AT_K),
        ("pass@5 is about 92%.", PASS_AT_K),
    ],
)
def test_the_right_figure_earns_the_point(answer: str, point: RubricPoint) -> None:
    assert grade_answer(answer, [point]).points[0].made


@pytest.mark.parametrize("answer", ["The capacity is 1280 tokens.", "Capacity: 1,280 tokens."])
def test_the_right_figure_in_any_format_makes_it(answer: str) -> None:
    assert grade_answer(answer, [CAPACITY]).points[0].made


def test_a_close_sentence_with_another_figure_is_not_credited_by_similarity() -> None:
    wrong = "For this model it is 256 KiB per token, or 1 GiB for 4,096 tokens."
    assert not grade_answer(wrong, [KV]).points[0].made
    assert grade_answer(wrong.replace("256", "512").replace("1 GiB", "2 GiB"), [KV]).points[0].made


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("ECE is .92", "0.92"),
        ("about 92%", "0.92"),
        ("3.5GB", "3.5 GB"),
        ("1,000,000,000", "1e9"),
        ("10^9 tokens", "1e9"),
        ("NDCG = 2/3", "0.67"),
        ("$460,000 a month", "460"),
    ],
)
def test_numbers_match_whatever_their_format(text: str, figure: str) -> None:
    assert mentions(text, numbers(figure))


@pytest.mark.parametrize(
    ("text", "figure"), [("ECE is 0.2", "0.25"), ("about 4 GB", "3.5 GB"), ("depth 8", "8000")]
)
def test_a_different_number_does_not_match(text: str, figure: str) -> None:
    assert not mentions(text, numbers(figure))


def test_labels_with_digits_are_not_figures() -> None:
    assert numbers("pass@5 with fp16 on top-5 at p99") == ()


def test_restating_the_question_makes_no_point() -> None:
    question = "What is the capacity of each expert for 4,096 tokens, 8 experts, top-2, 1.25?"
    answer = "The capacity of each expert for 4,096 tokens, 8 experts, top-2 and 1.25."
    point = RubricPoint(
        point="The capacity is the tokens per expert times the factor.",
        terms=(("capacity",), ("expert",)),
    )
    assert grade_answer(answer, [point]).points[0].made
    assert not grade_answer(answer, [point], question=question).points[0].made


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_coordinated_clauses_about_two_subjects_are_not_a_wrong_claim(method: str) -> None:
    answer = (
        "BatchNorm normalises each feature over the batch and LayerNorm normalises over the "
        "features of each token."
    )
    result = grade_answer(answer, [LAYERNORM], method=method).points[0]  # type: ignore[arg-type]
    assert result.made and result.reason is None


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_rather_than_denies_the_clause_it_opens(method: str) -> None:
    answer = (
        "LayerNorm normalises over each token's features rather than each feature over the batch."
    )
    result = grade_answer(answer, [LAYERNORM], method=method).points[0]  # type: ignore[arg-type]
    assert result.made and result.reason is None


def test_two_definitions_joined_by_and_are_not_a_wrong_claim() -> None:
    answer = "Precision is TP divided by TP plus FP and recall is TP divided by TP plus FN."
    assert grade_answer(answer, [PR], method="lexical").points[0].reason is None
    swapped = "Recall is TP divided by TP plus FN and precision is TP divided by TP plus FN."
    assert grade_answer(swapped, [PR], method="lexical").points[0].reason is not None


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_swapped_definitions_earn_neither_point(method: str) -> None:
    swapped = (
        "Precision is the share of real positives that we catch, and recall is the share of "
        "predicted positives that are right."
    )
    grade = grade_answer(swapped, [PRECISION, RECALL], method=method)  # type: ignore[arg-type]
    assert [p.made for p in grade.points] == [False, False]
    right = (
        "Precision is the share of predicted positives that are right, and recall is the "
        "share of real positives that we catch."
    )
    grade = grade_answer(right, [PRECISION, RECALL], method=method)  # type: ignore[arg-type]
    assert [p.made for p in grade.points] == [True, True]


def test_nothing_is_a_negation_after_stemming() -> None:
    assert all(tx.stem(word) in tx.NEGATIONS for word in tx.NEGATION_WORDS)
    assert not tx.polarity("It says nothing about effect size")


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_says_nothing_about_makes_a_negated_point(method: str) -> None:
    result = grade_answer("It says nothing about effect size.", [EFFECT], method=method)  # type: ignore[arg-type]
    assert result.points[0].made


def test_a_dash_inside_a_sentence_is_not_a_bullet() -> None:
    answer = "The gradient is X^T (p - y) / n. Then:\n- step one\n- step two"
    assert tx.split_sentences(answer) == [
        "The gradient is X^T (p - y) / n.",
        "Then:",
        "step one",
        "step two",
    ]


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_a_wrong_claim_with_a_named_object_is_caught(method: str) -> None:
    answer = "Tail percentiles hide the outliers, but the mean is the best number for an SLO."
    result = grade_answer(answer, [SLO], method=method).points[0]  # type: ignore[arg-type]
    assert not result.made
    assert result.reason is not None and "wrong claim" in result.reason


def test_a_review_grades_with_the_cards_question() -> None:
    from mldrills.practice.review import ReviewCard, check

    point = RubricPoint(
        point="LayerNorm normalises each token over its features.",
        terms=(("layernorm",), ("feature", "each token")),
    )
    card = ReviewCard(
        key="t/x",
        area="transformers",
        question="Over which axis does LayerNorm normalise each token's features?",
        answer="",
        points=(point,),
    )
    checked = check(card, "LayerNorm normalises each token's features over an axis.")
    assert checked.grade is not None and not checked.grade.points[0].made
    checked = check(card, "LayerNorm normalises each token over its own hidden features.")
    assert checked.grade is not None and checked.grade.points[0].made


PRECISION_VALUE = RubricPoint(point="Precision is 0.80.", terms=(("0.8", "80%"),))
RECALL_VALUE = RubricPoint(point="Recall is about 0.667.", terms=(("0.667", "0.67", "2/3"),))


@pytest.mark.parametrize("method", ["lexical", "combined"])
def test_a_figure_belongs_to_the_subject_it_follows(method: str) -> None:
    points = [PRECISION_VALUE, RECALL_VALUE]
    swapped = grade_answer("Precision 0.67, recall 0.80.", points, method=method)  # type: ignore[arg-type]
    assert [p.made for p in swapped.points] == [False, False]
    right = grade_answer("Precision is 0.80 and recall is 2/3.", points, method=method)  # type: ignore[arg-type]
    assert [p.made for p in right.points] == [True, True]


def test_a_figure_term_needs_its_unit() -> None:
    assert not grade_answer("pass@5 is about 0.5.", [KV]).points[0].made
    assert grade_answer("It comes to 0.5 MiB per token.", [KV]).points[0].made


def test_a_formula_over_variables_is_not_a_figure() -> None:
    from mldrills.feedback.numbers import is_figure

    assert is_figure("512 kib") and is_figure("1 - 0.99^100") and is_figure("ln 2")
    assert not is_figure("p(1-p)") and not is_figure("n - 1") and not is_figure("8c^2")


BATCHNORM = RubricPoint(
    point="BatchNorm normalises each feature across the batch.",
    terms=(("batchnorm", "batch norm"), ("each feature", "over the batch")),
    wrong=("LayerNorm normalises each feature over the batch.",),
)


def test_a_denied_clause_neither_makes_a_point_nor_states_a_wrong_claim() -> None:
    answer = (
        "LayerNorm normalises each token over its own features rather than each feature "
        "over the batch."
    )
    layernorm, batchnorm = grade_answer(answer, [LAYERNORM, BATCHNORM]).points
    assert layernorm.made and layernorm.reason is None
    assert not batchnorm.made
    assert "wrong claim" not in (batchnorm.reason or "")


MANN_WHITNEY = RubricPoint(
    point="Mann-Whitney tests whether one group's values tend to be larger, a location shift.",
    terms=(("mann-whitney", "mann whitney"), ("larger", "shift", "location")),
)
KS = RubricPoint(
    point="KS uses the maximum distance between the empirical CDFs.",
    terms=(("maximum", "max", "largest"), ("cdf", "cdfs", "cumulative")),
)


def test_a_point_whose_terms_sit_with_another_subject_is_not_made() -> None:
    swapped = (
        "KS tests whether one group's values tend to be larger, while Mann-Whitney uses the "
        "maximum distance between the empirical CDFs."
    )
    assert [p.made for p in grade_answer(swapped, [MANN_WHITNEY, KS]).points] == [False, False]
    right = (
        "Mann-Whitney tests whether one group's values tend to be larger, while KS uses the "
        "maximum distance between the empirical CDFs."
    )
    assert [p.made for p in grade_answer(right, [MANN_WHITNEY, KS]).points] == [True, True]
