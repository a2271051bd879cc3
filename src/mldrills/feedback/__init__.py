"""Feedback on free-text answers: grading against rubric points."""

from mldrills.feedback.rubric import PointResult, RubricGrade, grade_answer

__all__ = ["PointResult", "RubricGrade", "grade_answer"]
