"""The judge: a trusted supervisor grading untrusted code in sandboxed, pre-forked children."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mldrills.judge.results import CheckResult, Result

if TYPE_CHECKING:
    from mldrills.judge.supervisor import Judge


def __getattr__(name: str) -> Any:
    # Judge pulls in numpy; the CLI's client of a warm judge needs only Result, and
    # must stay fast to start, so Judge is imported when first asked for.
    if name == "Judge":
        from mldrills.judge.supervisor import Judge

        return Judge
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CheckResult", "Judge", "Result"]
