"""One diagnosis per failing submission: the pack's known mistake whose failures look closest.

Each mutant of a pack fails a set of checks with messages of some shape; that is its
failure pattern. ``mldrills check`` records every mutant's pattern in a cache keyed by
the pack's content hash, so a learner's failing result is only compared with stored
patterns, never by running mutants on the way to a verdict. Without a cache entry, each
mutant's pattern is the one check its header says catches it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mldrills import settings
from mldrills.grading.forbid import FORBID_CHECK
from mldrills.grading.results import CheckResult, Diagnosis, Result

MIN_SCORE = 0.3  # below this no known mistake is named; the first failing check is
_NUMBER = re.compile(r"[-+]?\d[\d_.,e+-]*")
CACHE_VERSION = 3  # 2: a named mistake is part of a check's shape; 3: visible lines kept


@dataclass
class Pattern:
    """How one mutant fails: each failing check's name and the shape of its message."""

    mutant: str
    mistake: str
    caught_by: str
    failed: dict[str, str] = field(default_factory=dict)
    # Visible checks' inputs are fixed, so a learner with the same bug gets the very same
    # first line (the same numbers): kept whole for them, it tells apart mutants whose
    # failures have the same shapes.
    exact: dict[str, str] = field(default_factory=dict)


def first_line(message: str) -> str:
    """A message's first line, trimmed."""
    return message.strip().splitlines()[0][:300] if message.strip() else ""


def _exact(checks: list[CheckResult]) -> dict[str, str]:
    return {c.name: first_line(c.message) for c in checks if c.status != "pass" and not c.hidden}


def shape(message: str) -> str:
    """A message's first line with its numbers blanked, so other inputs give the same shape."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    return _NUMBER.sub("#", first.lower())[:160]


def _check_shape(check: CheckResult) -> str:
    """A failing check's shape: its message's, plus the mistake a comparison named.

    Two mistakes often fail the same checks with the same first line ("3 of 40 values
    differ"); the comparison's "likely mistake: ..." hint is what tells them apart.
    """
    named = check.hint if check.hint and check.hint.startswith("likely mistake") else ""
    return shape(check.message) + (" | " + shape(named) if named else "")


def pattern_of(mutant: Any, result: Result) -> Pattern:
    """The failure pattern of one mutant's graded result."""
    failed = {c.name: _check_shape(c) for c in result.checks if c.status != "pass"}
    if result.status == "error" and not failed:
        failed = {"(load)": shape(result.message)}
    return Pattern(mutant.name, mutant.mistake, mutant.caught_by, failed, _exact(result.checks))


def pack_hash(exercise: Any) -> str:
    """A hash of every file in the exercise's folder: a new pack version has new patterns."""
    digest = hashlib.sha256()
    root = Path(exercise.path)
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def _cache_file(exercise: Any) -> Path:
    return settings.data_dir() / "diagnosis" / f"{exercise.slug}-{pack_hash(exercise)}.json"


def save_patterns(exercise: Any, patterns: list[Pattern]) -> None:
    """Store the measured patterns for this version of the pack."""
    path = _cache_file(exercise)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": CACHE_VERSION, "patterns": [asdict(p) for p in patterns]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    tmp.replace(path)  # readers never see half a file


def has_patterns(exercise: Any) -> bool:
    """Whether this version of the pack has measured patterns cached."""
    try:
        data = json.loads(_cache_file(exercise).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("version") == CACHE_VERSION


def learn_patterns(grade: Any, exercise: Any) -> list[Pattern]:
    """Grade every mutant with ``grade(code) -> Result`` and cache their patterns."""
    graded = [(m, grade(m.path.read_text(encoding="utf-8"))) for m in exercise.mutants]
    patterns = [pattern_of(m, res) for m, res in graded]
    save_patterns(exercise, patterns)
    return patterns


def load_patterns(exercise: Any) -> list[Pattern]:
    """The measured patterns of this pack version, or each mutant's named check as its pattern."""
    try:
        data = json.loads(_cache_file(exercise).read_text(encoding="utf-8"))
        if data.get("version") == CACHE_VERSION:
            return [Pattern(**p) for p in data["patterns"]]
    except (OSError, ValueError, TypeError, KeyError):
        pass  # no usable cache entry: fall back to the headers, which cost nothing
    return [Pattern(m.name, m.mistake, m.caught_by, {m.caught_by: ""}) for m in exercise.mutants]


def score(
    pattern: Pattern, failed: dict[str, str], ran: set[str], exact: dict[str, str] | None = None
) -> float:
    """How alike a mutant's failures and a result's are (0 to about 1.6)."""
    expected = {k: v for k, v in pattern.failed.items() if k in ran or k == "(load)"}
    if not expected or not failed:
        return 0.0
    common = expected.keys() & failed.keys()
    if not common:
        return 0.0
    jaccard = len(common) / len(expected.keys() | failed.keys())
    same = sum(1 for k in common if expected[k] and expected[k] == failed[k]) / len(common)
    named = 0.2 if pattern.caught_by in failed else 0.0
    mine = exact or {}
    both = mine.keys() & pattern.exact.keys()
    verbatim = sum(mine[k] == pattern.exact[k] for k in both) / len(both) if both else 0.0
    return jaccard + 0.1 * same + named + 0.3 * verbatim


def diagnose(result: Result, patterns: list[Pattern]) -> Diagnosis | None:
    """The diagnosis of a failing ``result`` (None when it passed or could not run)."""
    if result.status == "pass":
        return None
    failing = [c for c in result.checks if c.status != "pass"]
    if not failing:
        return None
    internal = [c for c in failing if c.status == "error"]
    if internal:
        return _internal(internal[0])
    failed = {c.name: _check_shape(c) for c in failing}
    ran = {c.name for c in result.checks}
    exact = _exact(failing)
    # Equal scores (headers only, before patterns are measured): the mutant whose
    # named check fails first wins, as that check is what the learner reads first.
    order = {c.name: i for i, c in enumerate(failing)}
    ranked = sorted(
        patterns,
        key=lambda p: (-score(p, failed, ran, exact), order.get(p.caught_by, len(order))),
    )
    best = ranked[0] if ranked else None
    if best is None or score(best, failed, ran, exact) < MIN_SCORE:
        first = _first(failing)
        return Diagnosis(
            f"'{first.name}' fails", first.name, first.message, first.hint, mutant=None
        )
    by_name = {c.name: c for c in failing}
    shown = by_name.get(best.caught_by) or _first([c for c in failing if c.name in best.failed])
    return Diagnosis(best.mistake, shown.name, shown.message, shown.hint, mutant=best.mutant)


def _first(failing: list[CheckResult]) -> CheckResult:
    """The check to show when nothing else decides: a forbidden library, a timeout, the first."""
    for c in failing:
        if c.name == FORBID_CHECK or c.timed_out:
            return c
    return failing[0]


def _internal(check: CheckResult) -> Diagnosis:
    return Diagnosis(
        "our check failed, not your code: this is a bug in the exercise, please report it",
        check.name,
        check.message,
        None,
        internal=True,
    )


def diagnose_exercise(exercise: Any, result: Result) -> Diagnosis | None:
    """Diagnose ``result`` with the pack's cached patterns (never runs a mutant)."""
    if result.status == "pass":
        return None
    return diagnose(result, load_patterns(exercise))
