"""``mldrills check``: every pack is well-formed, its reference passes, its mutants fail.

A mutant must fail on the check its header names (``# caught-by: NAME``); failing only
elsewhere means the tests catch it by accident, which is reported as a problem.
"""

from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any

from mldrills.content.catalog import Catalog
from mldrills.content.editorial import editorial_problems
from mldrills.content.pack import Exercise
from mldrills.errors import MldrillsError
from mldrills.grading import console_input
from mldrills.grading.diagnosis import diagnose, pattern_of, save_patterns
from mldrills.grading.forbid import FORBID_CHECK
from mldrills.grading.steps import exercise_checks, new_seed

MIN_MUTANTS = 3


@dataclass
class PackReport:
    """What the validator found for one exercise."""

    slug: str
    reference: str = "not run"  # pass / fail / error / not run
    mutants_caught: int = 0
    mutants_total: int = 0
    mutants_named_first: int = 0  # mutants whose first diagnosis names them
    misnamed: list[str] = field(default_factory=list)  # "mutant -> what was named instead"
    alternatives_passed: int = 0
    alternatives_total: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    seed: int = 0  # every grade of this report drew its hidden inputs from it

    @property
    def ok(self) -> bool:
        """Whether the exercise passed every validation."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**asdict(self), "ok": self.ok}


def console_problems(ex: Exercise) -> list[str]:
    """meta.toml's ``console`` example must read as console input (a comment is a note)."""
    text = ex.meta.console
    if not text or text.startswith("#"):
        return []
    try:
        console_input.parse(text, ex.meta.entrypoints)
    except MldrillsError as exc:
        return [f"{ex.meta.area}/{ex.slug}/meta.toml: `console` {exc.message}"]
    return []


def static_problems(ex: Exercise) -> list[str]:
    """Problems found without running anything."""
    problems: list[str] = []
    where = f"{ex.meta.area}/{ex.slug}"
    try:
        tree = ast.parse(ex.starter, filename="starter.py")
    except SyntaxError as exc:
        return [f"{where}/starter.py does not parse: {exc}"]
    defined = {
        n.name
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
    }
    for name in ex.meta.entrypoints:
        if name not in defined:
            problems.append(f"{where}/starter.py does not define `{name}`")
        if name not in ex.statement:
            problems.append(f"{where}/README.md never mentions `{name}`")
    try:
        checks = exercise_checks(ex, hidden=True)
    except MldrillsError as exc:
        return [*problems, str(exc)]
    names = [c.name for c in checks]
    if ex.meta.forbid:  # the source scan's check, which a mutant may name
        names.append(FORBID_CHECK)
    for dup in {n for n in names if names.count(n) > 1}:
        problems.append(f"{where}: two checks are named {dup!r}")
    if not any(not c.hidden for c in checks) or not any(c.hidden for c in checks):
        problems.append(f"{where}: needs at least one visible and one hidden check")
    problems += editorial_problems(ex)  # an exercise without one passes, for now
    problems += console_problems(ex)
    if len(ex.mutants) < MIN_MUTANTS:
        problems.append(f"{where}: has {len(ex.mutants)} mutants, needs at least {MIN_MUTANTS}")
    for m in ex.mutants:
        if m.caught_by not in names:
            problems.append(
                f"{where}/mutants/{m.path.name}: caught-by names no check ({m.caught_by!r})"
            )
    return problems


def validate(judge: Any, ex: Exercise, seed: int | None = None) -> PackReport:
    """Validate one exercise: static problems, then reference, starter, mutants, alternatives.

    Every grade uses the same hidden-input ``seed`` (a fresh one when None), kept in the
    report so that a failure can be rerun with ``mldrills check SLUG --seed N``.
    """
    import time

    t0 = time.perf_counter()
    report = PackReport(
        ex.slug,
        mutants_total=len(ex.mutants),
        alternatives_total=len(ex.alternatives),
        seed=new_seed() if seed is None else seed,
    )
    report.problems = static_problems(ex)
    if report.problems:
        return report
    where = f"{ex.meta.area}/{ex.slug}"

    def grade(code: str) -> Any:
        return judge.grade_exercise(ex, code, hidden=True, seed=report.seed, reveal=True)

    ref = grade(ex.reference_source())
    report.reference = ref.status
    if ref.status != "pass":
        bad = [f"{c.name}: {c.message}" for c in ref.checks if c.status != "pass"]
        report.problems.append(
            f"{where}/solution.py does not pass: " + ("; ".join(bad) or ref.message)[:1500]
        )
    starter = grade(ex.starter)
    if starter.status == "pass":
        report.problems.append(f"{where}/starter.py passes every check: the tests cannot fail")
    _check_mutants(report, ex, grade)
    for alt in ex.alternatives:
        res = grade(alt.read_text(encoding="utf-8"))
        if res.status == "pass":
            report.alternatives_passed += 1
        else:
            report.problems.append(
                f"{where}/alternatives/{alt.name} is correct but fails: {_summary(res)}"
            )
    report.seconds = round(time.perf_counter() - t0, 2)
    return report


def _check_mutants(report: PackReport, ex: Exercise, grade: Any) -> None:
    """Grade every mutant: caught by its named check, and named by its first diagnosis.

    The mutants' failure patterns are stored for this version of the pack, so learners'
    results are diagnosed from them without running a mutant again.
    """
    where = f"{ex.meta.area}/{ex.slug}"
    graded = [(m, grade(m.path.read_text(encoding="utf-8"))) for m in ex.mutants]
    patterns = [pattern_of(m, res) for m, res in graded]
    save_patterns(ex, patterns)
    for m, res in graded:
        named = next((c for c in res.checks if c.name == m.caught_by), None)
        if named is not None and named.status == "fail":
            report.mutants_caught += 1
        elif res.status == "pass":
            report.problems.append(
                f"{where}/mutants/{m.path.name} passes every check (mistake: {m.mistake})"
            )
        else:
            report.problems.append(
                f"{where}/mutants/{m.path.name} is not caught by {m.caught_by!r} ({_summary(res)})"
            )
        diagnosis = diagnose(res, patterns)
        if diagnosis is not None and diagnosis.mutant == m.name:
            report.mutants_named_first += 1
        else:
            report.misnamed.append(
                f"{m.name} -> {diagnosis.mutant if diagnosis else 'no diagnosis'}"
            )


def _summary(res: Any) -> str:
    if res.status == "error":
        return str(res.message)[:300]
    failed: list[Any] = [c for c in res.checks if c.status != "pass"]
    if not failed:
        return str(res.status)
    return "failed: " + "; ".join(
        f"{c.name} ({c.message.splitlines()[0][:120]})" for c in failed[:3]
    )


def validate_all(
    judge: Any,
    catalog: Catalog,
    slugs: list[str] | None = None,
    workers: int = 2,
    seed: int | None = None,
) -> list[PackReport]:
    """Validate the named exercises (all by default), a few at a time.

    ``seed`` fixes every exercise's hidden random inputs; by default each draws its own.
    """
    reports: list[PackReport] = []
    todo: list[Exercise] = []
    for slug in slugs or catalog.slugs:
        try:
            todo.append(catalog.get(slug))
        except MldrillsError as exc:
            if slugs and slug in slugs and "no exercise named" in str(exc):
                raise
            reports.append(PackReport(slug, problems=[str(exc)]))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        reports.extend(pool.map(lambda ex: validate(judge, ex, seed), todo))
    return sorted(reports, key=lambda r: r.slug)
