"""The hint ladder, giving up, and the solution reveal, shared by the CLI and the web.

A learner may reveal an exercise's hints one rung at a time, and may give up (after
confirming) to see the reference solution. The reference, the editorial and the common
mistakes are shown only once the exercise is solved or given up; before that every way
in refuses with ``Forbidden``.

A solve's *mark* says how it was reached: ``clean`` (no hint revealed and no give-up
before the first passing submission: "solved without hints"), ``hints`` (a hint was
revealed before it) or ``gave-up`` (the learner had given up before it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mldrills.content.editorial import Editorial, Mistake, load_editorial, mistakes
from mldrills.content.pack import Exercise
from mldrills.errors import Forbidden, InvalidInput, NotFound
from mldrills.store import SlugStats, Store
from mldrills.store.hints import HelpRecord

MARKS = {
    "clean": "solved without hints",
    "hints": "solved with hints",
    "gave-up": "solved after giving up",
}


def solve_mark(
    solved_at: datetime | None, help_at: datetime | None, gave_up_at: datetime | None
) -> str | None:
    """The mark of a solve first passed at ``solved_at``; None while unsolved."""
    if solved_at is None:
        return None
    if gave_up_at is not None and gave_up_at <= solved_at:
        return "gave-up"
    if help_at is not None and help_at <= solved_at:
        return "hints"
    return "clean"


def solve_marks(store: Store, user_id: int, stats: Mapping[str, SlugStats]) -> dict[str, str]:
    """Per solved exercise slug: its mark (``clean``, ``hints`` or ``gave-up``)."""
    help_at, gave_up = store.first_help(user_id), store.give_ups(user_id)
    out = {}
    for slug, row in stats.items():
        mark = solve_mark(row["first_pass_at"], help_at.get(slug), gave_up.get(slug))
        if mark is not None:
            out[slug] = mark
    return out


@dataclass(frozen=True)
class HelpState:
    """Where a learner stands on one exercise's hint ladder and solution."""

    slug: str
    hints_total: int  # 0 when the exercise has no editorial yet
    hints: tuple[str, ...]  # the revealed rungs' text, first rung first
    solved_at: datetime | None
    gave_up_at: datetime | None
    mark: str | None

    @property
    def unlocked(self) -> bool:
        """Whether the reference solution and the editorial may be shown."""
        return self.solved_at is not None or self.gave_up_at is not None

    @property
    def next_rung(self) -> int | None:
        """The number of the hint a reveal would show next, or None when all are out."""
        return len(self.hints) + 1 if len(self.hints) < self.hints_total else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (hint texts are Markdown)."""
        return {
            "slug": self.slug,
            "hints_total": self.hints_total,
            "hints_revealed": len(self.hints),
            "hints": list(self.hints),
            "next_rung": self.next_rung,
            "solved_at": self.solved_at,
            "gave_up_at": self.gave_up_at,
            "unlocked": self.unlocked,
            "mark": self.mark,
            "mark_text": MARKS.get(self.mark or ""),
        }


def _state(
    exercise: Exercise, editorial: Editorial | None, taken: HelpRecord, solved_at: datetime | None
) -> HelpState:
    ladder = editorial.hints if editorial else ()
    return HelpState(
        slug=exercise.slug,
        hints_total=len(ladder),
        hints=ladder[: taken.hints],
        solved_at=solved_at,
        gave_up_at=taken.gave_up_at,
        mark=solve_mark(solved_at, taken.first_help_at, taken.gave_up_at),
    )


def _solved_at(store: Store, user_id: int, slug: str) -> datetime | None:
    row = store.stats(user_id).get(slug)
    return row["first_pass_at"] if row else None


def help_state(store: Store, exercise: Exercise, user_id: int) -> HelpState:
    """The learner's hints, give-up and solve on ``exercise``."""
    taken = store.help_taken(user_id, exercise.slug)
    solved_at = _solved_at(store, user_id, exercise.slug)
    return _state(exercise, load_editorial(exercise), taken, solved_at)


def reveal_hint(store: Store, exercise: Exercise, user_id: int) -> HelpState:
    """Reveal the next rung of the hint ladder (before a solve it costs the clean mark)."""
    editorial = load_editorial(exercise)
    if editorial is None:
        raise NotFound(f"{exercise.slug} has no hints yet")
    state = help_state(store, exercise, user_id)
    if state.next_rung is None:
        raise InvalidInput(
            f"all {state.hints_total} hints of {exercise.slug} are already shown",
            hint="giving up shows the reference solution and the editorial",
        )
    store.reveal_hint(user_id, exercise.slug, state.next_rung)
    return help_state(store, exercise, user_id)


def give_up(store: Store, exercise: Exercise, user_id: int, *, confirmed: bool) -> HelpState:
    """Record a give-up (only when ``confirmed``), unlocking the solution; a solve after it is
    "solved after giving up". Once solved there is nothing to give up: nothing is recorded."""
    if not confirmed:
        raise InvalidInput(
            f"giving up on {exercise.slug} needs confirmation",
            hint="a solve after giving up does not count as solved without hints",
        )
    if _solved_at(store, user_id, exercise.slug) is None:
        store.record_give_up(user_id, exercise.slug)
    return help_state(store, exercise, user_id)


@dataclass(frozen=True)
class Solution:
    """What is revealed after a solve or a give-up."""

    state: HelpState
    reference: str  # solution.py
    editorial: Editorial | None  # None while the exercise has none yet
    mistakes: tuple[Mistake, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the editorial as Markdown, section by section)."""
        editorial = self.editorial
        return {
            **self.state.to_dict(),
            "reference": self.reference,
            "editorial": None
            if editorial is None
            else {
                "markdown": editorial.markdown,
                "hints": list(editorial.hints),
                "sections": [{"title": s.title, "markdown": s.body} for s in editorial.sections],
            },
            "mistakes": [m.to_dict() for m in self.mistakes],
        }


def solution(store: Store, exercise: Exercise, user_id: int) -> Solution:
    """The reference, editorial and common mistakes; Forbidden before a solve or give-up."""
    state = help_state(store, exercise, user_id)
    if not state.unlocked:
        raise Forbidden(
            f"the solution of {exercise.slug} is shown after you solve it or give up",
            hint="hints come one at a time first; giving up reveals the solution",
        )
    editorial = load_editorial(exercise)
    return Solution(state, exercise.reference_source(), editorial, tuple(mistakes(exercise)))
