"""The judge as grading sees it: exercises from the catalog graded on the sandbox supervisor."""

from __future__ import annotations

import logging
import threading
from typing import Any

from mldrills.errors import InvalidInput, MldrillsError
from mldrills.grading import progress
from mldrills.grading.diagnosis import has_patterns, learn_patterns
from mldrills.grading.progress import MemoryBoard, OnProgress, ProgressBoard
from mldrills.grading.results import MAX_CODE_BYTES, Result
from mldrills.grading.steps import grade_exercise
from mldrills.judge.cancel import Cancel
from mldrills.judge.supervisor import Supervisor

log = logging.getLogger("mldrills.grading")


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
        # Progress of the submissions this judge grades, for whoever shows it (the web
        # app reads it; grading reports there inside ``progress.tracking(board, id)``).
        self.board: ProgressBoard = MemoryBoard()
        self._learning: set[tuple[str, str]] = set()  # exercises whose mutants are measured
        self._learning_lock = threading.Lock()

    def grade(
        self,
        slug: str,
        code: str,
        *,
        hidden: bool = True,
        seed: int | None = None,
        cancel: Cancel | None = None,
        on_progress: OnProgress | None = None,
    ) -> Result:
        """Grade ``code`` for exercise ``slug`` (visible checks, plus hidden ones on submit).

        ``on_progress`` hears which check starts (see ``grading.progress``).
        """
        if len(code.encode("utf-8", errors="replace")) > self.MAX_CODE_BYTES:
            raise InvalidInput(f"submission is larger than {self.MAX_CODE_BYTES // 1000} KB")
        exercise = self.catalog.get(slug)
        return self.grade_exercise(
            exercise, code, hidden=hidden, seed=seed, cancel=cancel, on_progress=on_progress
        )

    def grade_exercise(
        self,
        exercise: Any,
        code: str,
        *,
        hidden: bool = True,
        seed: int | None = None,
        reveal: bool = False,
        cancel: Cancel | None = None,
        on_progress: OnProgress | None = None,
    ) -> Result:
        """Grade against an already-loaded exercise (the validator uses this).

        ``seed`` fixes the hidden checks' random inputs (a fresh one per call when None);
        ``reveal`` shows hidden checks' messages and output, for pack authors only;
        ``cancel`` stops the grade from another thread (the result says "cancelled");
        ``on_progress`` hears which check starts.
        """
        listener = on_progress or progress.current()  # taken on the caller's thread
        with self.claim(exercise.meta.needs_torch) as server:
            result = grade_exercise(
                server,
                exercise,
                code,
                hidden=hidden,
                seed=seed,
                reveal=reveal,
                cancel=cancel,
                on_progress=listener,
            )
        if result.status == "fail" and not reveal:
            self._learn_soon(exercise)
        return result

    def _learn_soon(self, exercise: Any) -> None:
        """Measure the pack's mutant patterns once, off the learner's path (first failure)."""
        key = (exercise.slug, str(exercise.path))
        with self._learning_lock:
            if key in self._learning or has_patterns(exercise):
                return
            self._learning.add(key)

        def learn() -> None:
            try:
                learn_patterns(
                    lambda code: self.grade_exercise(exercise, code, hidden=True, reveal=True),
                    exercise,
                )
            except MldrillsError as exc:  # the judge closed (a command ending): try next time
                log.debug("measuring the mutants of %s stopped: %s", exercise.slug, exc)
            except Exception:  # a broken pack: the headers stay the fallback
                log.warning("measuring the mutants of %s failed", exercise.slug, exc_info=True)
            finally:
                with self._learning_lock:
                    self._learning.discard(key)

        threading.Thread(target=learn, name=f"patterns-{exercise.slug}", daemon=True).start()
