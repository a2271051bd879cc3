"""Checks decided from the submission's text alone, in the supervisor, before anything runs."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

from mldrills.grading.forbid import FORBID_CHECK, Violation, forbidden, message, scan
from mldrills.grading.results import CheckResult


@dataclass
class SourceVerdict:
    """A syntax error (``error``: the submission cannot run) or the source checks' results."""

    error: str = ""
    checks: list[CheckResult] = field(default_factory=list)


def syntax_error(code: str) -> str:
    """The syntax error in ``code`` with its line and a caret under the column ('' if none)."""
    try:
        with warnings.catch_warnings():  # e.g. invalid escape sequences: not the verdict's
            warnings.simplefilter("ignore")
            compile(code, "solution.py", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return describe_syntax_error(exc)
    except ValueError as exc:  # null bytes in the source
        return f"your code does not parse: {exc}"
    except (RecursionError, MemoryError):  # the compiler's own limits, in the supervisor
        return "your code does not parse: it is nested too deeply for Python to compile"
    return ""


def describe_syntax_error(exc: SyntaxError) -> str:
    """``SyntaxError`` as the learner should see it: message, line number, line and caret."""
    line = exc.lineno or 0
    head = f"your code does not parse: {exc.msg} (line {line})" if line else f"{exc.msg}"
    text = (exc.text or "").rstrip("\n")
    if not text.strip():
        return head
    stripped = text.lstrip()
    indent = len(text) - len(stripped)
    col = max((exc.offset or 1) - 1 - indent, 0)
    col = min(col, len(stripped))
    return f"{head}\n    {stripped}\n    {' ' * col}^"


def source_checks(exercise: Any, code: str) -> SourceVerdict:
    """Parse ``code``; when the pack forbids libraries, check it uses none of them."""
    error = syntax_error(code)
    if error:
        return SourceVerdict(error=error)
    forbid = exercise.meta.forbid
    if not forbid:
        return SourceVerdict()
    try:
        found = scan(code, forbid)
    except (RecursionError, MemoryError):
        too_deep = "your code is nested too deeply to be checked for forbidden libraries"
        return SourceVerdict(checks=[CheckResult(FORBID_CHECK, "fail", too_deep)])
    if not found:
        return SourceVerdict(checks=[CheckResult(FORBID_CHECK, "pass")])
    return SourceVerdict(checks=[CheckResult(FORBID_CHECK, "fail", message(found, forbid))])


def used_at_run_time(exercise: Any, result: Any, used: list[str]) -> None:
    """Fail the library check for forbidden names the child's guard saw (line unknown)."""
    forbid = exercise.meta.forbid
    # The child's report is trusted only to add failures, and only for names this pack
    # forbids: a submission could write anything into it.
    found = [Violation(u, 0) for u in used if forbidden(u, forbid) is not None]
    check = next((c for c in result.checks if c.name == FORBID_CHECK), None)
    if not found or check is None or check.status == "fail":
        return
    check.status = "fail"
    check.message = message(found, forbid) + "\n(found while your code ran)"
