"""Grade a typed answer against rubric points: which were made, by which sentence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, cast

from mldrills import settings
from mldrills.content.rubric import RubricPoint
from mldrills.errors import InvalidInput
from mldrills.feedback import lexical, llm, semantic
from mldrills.feedback.embed import Embedder, load_embedder
from mldrills.feedback.results import PointResult, RubricGrade, finish
from mldrills.feedback.semantic import DEFAULT_TUNING, Tuning
from mldrills.feedback.text import split_sentences

__all__ = ["METHODS", "PointResult", "RubricGrade", "grade_answer"]

Method = Literal["combined", "lexical", "embedding", "llm"]
METHODS: tuple[Method, ...] = ("combined", "lexical", "embedding", "llm")

# Long enough for a thorough spoken-style answer; longer input is refused, not truncated,
# so a grade never silently ignores part of what the learner wrote.
MAX_ANSWER_CHARS = 8000
MAX_SENTENCES = 200


def check_answer(answer: str) -> list[str]:
    """Validate an answer's size and split it into sentences."""
    if not isinstance(answer, str):
        raise InvalidInput("the answer must be text")
    if len(answer) > MAX_ANSWER_CHARS:
        raise InvalidInput(
            f"the answer is {len(answer)} characters long; the limit is {MAX_ANSWER_CHARS}",
            hint="Keep to the points an interviewer would want to hear.",
        )
    sentences = split_sentences(answer)
    if len(sentences) > MAX_SENTENCES:
        raise InvalidInput(
            f"the answer has {len(sentences)} sentences; the limit is {MAX_SENTENCES}"
        )
    return sentences


def grade_answer(
    answer: str,
    points: Sequence[RubricPoint],
    *,
    method: Method | None = None,
    tuning: Tuning = DEFAULT_TUNING,
    embedder: Embedder | None = None,
    question: str | None = None,
) -> RubricGrade:
    """Grade ``answer`` against ``points``.

    ``method`` defaults to the MLDRILLS_GRADER setting ('combined': the shipped embedding
    model with the lexical layer). With ``question``, a sentence that mostly repeats the
    question makes no point. GraderUnavailable when the model or the configured LLM
    judge cannot be used; InvalidInput for an oversized answer.
    """
    if method is None:
        method = cast(Method, settings.get_choice("grader", METHODS))
    if method not in METHODS:
        raise InvalidInput(f"unknown grading method {method!r}; use one of {', '.join(METHODS)}")
    sentences = [lexical.Sentence.parse(s, question, points) for s in check_answer(answer)]
    if method == "llm":
        return llm.judge_answer(answer, points, llm.JudgeConfig.from_settings())
    if method == "lexical":
        return finish(tuple(grade_point_lexical(sentences, p) for p in points))
    model = embedder or load_embedder()
    units, vectors = semantic.embed_answer(sentences, model)
    grade = (
        semantic.grade_point_combined if method == "combined" else semantic.grade_point_embedding
    )
    return finish(tuple(grade(units, vectors, p, model, tuning) for p in points))


def grade_point_lexical(sentences: Sequence[lexical.Sentence], point: RubricPoint) -> PointResult:
    """Grade one point with the lexical layer alone."""
    for sentence in sentences:
        claim = lexical.wrong_claim(sentence, point)
        if claim:
            return PointResult(
                point.point, False, 0.0, sentence.text, f"states a common wrong claim: {claim}"
            )
    best: tuple[float, lexical.Sentence | None, lexical.Verdict | None] = (0.0, None, None)
    for sentence in sentences:
        verdict = lexical.judge_sentence(sentence, point)
        if verdict.paraphrase or (verdict.coverage == 1.0 and not verdict.negated):
            return PointResult(point.point, True, 1.0, sentence.text, None)
        score = verdict.coverage * (0.5 if verdict.negated else 0.9)
        if score > best[0]:
            best = (score, sentence, verdict)
    top, where, why = best
    if where is not None and why is not None and why.negated:
        return PointResult(point.point, False, top, where.text, "says the opposite of the point")
    return PointResult(point.point, False, top, None, None)
