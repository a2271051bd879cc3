"""The judge: a trusted supervisor grading untrusted code in sandboxed, pre-forked children."""

from mldrills.judge.results import CheckResult, Result
from mldrills.judge.supervisor import Judge

__all__ = ["CheckResult", "Judge", "Result"]
