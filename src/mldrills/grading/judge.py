"""The judge as grading sees it: exercises from the catalog graded on the sandbox supervisor."""

from __future__ import annotations

from typing import Any

from mldrills.errors import InvalidInput
from mldrills.grading.results import MAX_CODE_BYTES, Result
from mldrills.grading.steps import grade_exercise
from mldrills.judge.cancel import Cancel
from mldrills.judge.supervisor import Supervisor


class Judge(Supervisor):
    """Grades submissions in sandboxed children of a pre-warmed fork server.

    ``with Judge() as judge: result = judge.grade(slug, code, hidden=True)``. The fork
    server stays warm across calls; ``grade`` is safe to call from several threads.
    """

    MAX_CODE_BYTES = MAX_CODE_BYTES

    def __init__(
        self,
        catalog: Any = None,
        *,
        isolation: str | None = None,
        slots: int | None = None,
        preload_torch: bool | None = None,
        containment: bool = True,
    ) -> None:
        from mldrills.content import Catalog

        super().__init__(
            isolation=isolation, slots=slots, preload_torch=preload_torch, containment=containment
        )
        self.catalog = catalog if catalog is not None else Catalog()

    def grade(
        self,
        slug: str,
        code: str,
        *,
        hidden: bool = True,
        seed: int | None = None,
        cancel: Cancel | None = None,
    ) -> Result:
        """Grade ``code`` for exercise ``slug`` (visible checks, plus hidden ones on submit)."""
        if len(code.encode("utf-8", errors="replace")) > self.MAX_CODE_BYTES:
            raise InvalidInput(f"submission is larger than {self.MAX_CODE_BYTES // 1000} KB")
        exercise = self.catalog.get(slug)
        return self.grade_exercise(exercise, code, hidden=hidden, seed=seed, cancel=cancel)

    def grade_exercise(
        self,
        exercise: Any,
        code: str,
        *,
        hidden: bool = True,
        seed: int | None = None,
        reveal: bool = False,
        cancel: Cancel | None = None,
    ) -> Result:
        """Grade against an already-loaded exercise (the validator uses this).

        ``seed`` fixes the hidden checks' random inputs (a fresh one per call when None);
        ``reveal`` shows hidden checks' messages and output, for pack authors only;
        ``cancel`` stops the grade from another thread (the result says "cancelled").
        """
        with self.claim(exercise.meta.needs_torch) as server:
            return grade_exercise(
                server, exercise, code, hidden=hidden, seed=seed, reveal=reveal, cancel=cancel
            )
