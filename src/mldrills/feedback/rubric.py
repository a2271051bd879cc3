"""Grade a typed answer against rubric points: which were made, by which sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mldrills.content.rubric import RubricPoint
from mldrills.errors import InvalidInput
from mldrills.feedback import lexical
from mldrills.feedback.text import split_sentences

# Long enough for a thorough spoken-style answer; longer input is refused, not truncated,
# so a grade never silently ignores part of what the learner wrote.
MAX_ANSWER_CHARS = 8000
MAX_SENTENCES = 200


@dataclass(frozen=True)
class PointResult:
    """The verdict on one rubric point."""

    point: str
    made: bool
    score: float  # 0..1: how close the best sentence came to making the point
    evidence: str | None  # the sentence that made the point (or the wrong claim)
    reason: str | None  # why a point was not made, when there is more to say than "missing"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "point": self.point,
            "made": self.made,
            "score": round(self.score, 4),
            "evidence": self.evidence,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class RubricGrade:
    """Per-point results and the share of points made."""

    points: tuple[PointResult, ...]
    score: float

    @property
    def made(self) -> int:
        """How many points were made."""
        return sum(1 for p in self.points if p.made)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "score": round(self.score, 4),
            "made": self.made,
            "total": len(self.points),
            "points": [p.to_dict() for p in self.points],
        }


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


def grade_answer(answer: str, points: Sequence[RubricPoint]) -> RubricGrade:
    """Grade ``answer`` against ``points``; raises InvalidInput for oversized input."""
    sentences = [lexical.Sentence.parse(s) for s in check_answer(answer)]
    results = tuple(grade_point_lexical(sentences, p) for p in points)
    return finish(results)


def finish(results: tuple[PointResult, ...]) -> RubricGrade:
    """Wrap per-point results into a grade."""
    score = sum(1 for r in results if r.made) / len(results) if results else 0.0
    return RubricGrade(results, score)


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
