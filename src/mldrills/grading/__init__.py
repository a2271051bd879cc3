"""Grading: run an exercise's checks in the judge and decide the verdict (``Result``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mldrills.grading.results import CheckResult, Result

if TYPE_CHECKING:
    from mldrills.grading.judge import Judge


def __getattr__(name: str) -> Any:
    # Judge pulls in numpy; the CLI's client of a warm judge needs only Result, and
    # must stay fast to start, so Judge is imported when first asked for.
    if name == "Judge":
        from mldrills.grading.judge import Judge

        return Judge
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CheckResult", "Judge", "Result"]
