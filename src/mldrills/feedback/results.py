"""What grading an answer produces: per-point results and the overall grade."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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


def finish(results: tuple[PointResult, ...]) -> RubricGrade:
    """Wrap per-point results into a grade (score: the share of points made)."""
    score = sum(1 for r in results if r.made) / len(results) if results else 0.0
    return RubricGrade(results, score)
