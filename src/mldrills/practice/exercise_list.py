"""The exercise list with the learner's progress: filtered and sorted the same way for the
CLI (``mldrills list``) and the web (``/exercises``).

Status is ``new`` (never run), ``attempted`` (run or submitted, no passing submission) or
``solved`` (a submission passed). Separately, an exercise is *due* when its review card
(queued by a failed or slow submission, see ``practice.review.note_attempt``) is due now;
the status filter ``due`` keeps those.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mldrills.content.decks import AREA_ORDER
from mldrills.content.pack import DIFFICULTIES, TOPICS, Meta
from mldrills.errors import InvalidInput, NotFound
from mldrills.practice.review_stats import EXERCISE_PREFIX
from mldrills.store import SlugStats, Store

STATUSES = ("new", "attempted", "solved", "due")
SORTS = ("topic", "title", "difficulty", "status", "solved", "last", "attempts", "time")
STATUS_ORDER = {"new": 0, "attempted": 1, "solved": 2}


def status_of(stats: SlugStats | None) -> str:
    """``solved`` (a submission passed), ``attempted`` (any run) or ``new``."""
    if stats is None:
        return "new"
    return "solved" if stats["passes"] else "attempted"


@dataclass(frozen=True)
class ListQuery:
    """What the list is narrowed to and how it is ordered; empty means no filter.

    ``sort`` is one of ``SORTS``, with a leading ``-`` for descending order.
    """

    topic: int | None = None
    folder: str = ""
    difficulty: str = ""
    status: str = ""
    torch: str = ""
    q: str = ""
    sort: str = "topic"

    def keep(self, row: dict[str, Any]) -> bool:
        """Whether ``row`` passes every filter."""
        text = " ".join([row["slug"], row["title"], row["summary"], *row["tags"]]).lower()
        status_ok = not self.status or (
            row["due"] if self.status == "due" else row["status"] == self.status
        )
        return (
            (self.topic is None or row["topic"] == self.topic)
            and (not self.folder or row["area"] == self.folder)
            and (not self.difficulty or row["difficulty"] == self.difficulty)
            and status_ok
            and (not self.torch or row["needs_torch"] == (self.torch == "yes"))
            and all(word in text for word in self.q.lower().split())
        )

    @property
    def sort_key(self) -> str:
        """The column sorted by, without its direction."""
        return self.sort.removeprefix("-")

    @property
    def descending(self) -> bool:
        """Whether the order is reversed."""
        return self.sort.startswith("-")


def _choice(name: str, value: str, choices: Sequence[str]) -> str:
    if value and value not in choices:
        raise InvalidInput(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def make_query(
    *,
    area: str = "",
    folders: Iterable[str] = (),
    difficulty: str = "",
    status: str = "",
    torch: str = "",
    q: str = "",
    sort: str = "",
) -> ListQuery:
    """Check the filters as a user typed them; a bad value is InvalidInput or NotFound.

    ``area`` is a syllabus area (its slug, such as ``llm``, or its number 1-10) or, for
    older scripts, the pack folder an exercise lives in (``pytorch``).
    """
    topic, folder = _area(area.strip().lower(), set(folders))
    sort = sort.strip() or "topic"
    if sort.removeprefix("-") not in SORTS:
        raise InvalidInput(
            f"sort must be one of {', '.join(SORTS)}, with a leading - for descending; got {sort!r}"
        )
    return ListQuery(
        topic=topic,
        folder=folder,
        difficulty=_choice("difficulty", difficulty, DIFFICULTIES),
        status=_choice("status", status, STATUSES),
        torch=_choice("torch", torch, ("yes", "no")),
        q=q.strip(),
        sort=sort,
    )


def _area(area: str, folders: set[str]) -> tuple[int | None, str]:
    if not area:
        return None, ""
    if area in AREA_ORDER:
        return AREA_ORDER.index(area) + 1, ""
    if area.isdigit() and int(area) in TOPICS:
        return int(area), ""
    if area in folders:
        return None, area
    raise NotFound(f"no area named {area!r}", hint="areas: " + ", ".join(AREA_ORDER))


def exercise_row(meta: Meta, stats: SlugStats | None, due: bool = False) -> dict[str, Any]:
    """An exercise's metadata with the user's progress on it."""
    return {
        **meta.to_dict(),
        "syllabus_area": AREA_ORDER[meta.topic - 1] if 1 <= meta.topic <= 10 else "",
        "status": status_of(stats),
        "due": due,
        "attempts": (stats["attempts"] + stats["test_runs"]) if stats else 0,
        "passes": stats["passes"] if stats else 0,
        "solved_at": stats["first_pass_at"] if stats else None,
        "last_attempt_at": stats["last_attempt_at"] if stats else None,
        "best_time_s": stats["best_time_spent_s"] if stats else None,
    }


def _default_order(row: dict[str, Any]) -> tuple[Any, ...]:
    return (row["topic"], DIFFICULTIES.index(row["difficulty"]), row["title"].lower())


SORT_VALUES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "topic": lambda r: r["topic"],
    "title": lambda r: r["title"].lower(),
    "difficulty": lambda r: DIFFICULTIES.index(r["difficulty"]),
    "status": lambda r: (STATUS_ORDER[r["status"]], r["due"]),
    "solved": lambda r: r["solved_at"],
    "last": lambda r: r["last_attempt_at"],
    "attempts": lambda r: r["attempts"],
    "time": lambda r: r["time_minutes"],
}


def sort_rows(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """``rows`` ordered by ``sort`` (``-`` first for descending); ties keep the default
    order, and rows without a value (never solved, never attempted) always come last."""
    value = SORT_VALUES[sort.removeprefix("-")]
    ordered = sorted(rows, key=_default_order)
    present = [r for r in ordered if value(r) is not None]
    missing = [r for r in ordered if value(r) is None]
    # sorted() is stable, so equal values keep the default order in both directions.
    present.sort(key=value, reverse=sort.startswith("-"))
    return present + missing


def due_exercises(store: Store, user_id: int, now: datetime | None = None) -> set[str]:
    """Slugs whose review card is due at ``now`` (default: the current time)."""
    now = now or datetime.now(UTC)
    return {
        state.card_id[len(EXERCISE_PREFIX) :]
        for state in store.card_states(user_id)
        if state.card_id.startswith(EXERCISE_PREFIX) and state.due <= now
    }


def build_list(
    metas: Iterable[Meta],
    stats: dict[str, SlugStats],
    due: set[str],
    query: ListQuery,
) -> list[dict[str, Any]]:
    """The rows that pass ``query``'s filters, in its order."""
    rows = [exercise_row(m, stats.get(m.slug), m.slug in due) for m in metas]
    return sort_rows([r for r in rows if query.keep(r)], query.sort)


def exercise_list(
    store: Store,
    user_id: int,
    metas: Iterable[Meta],
    query: ListQuery,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """The user's exercise list under ``query``: what ``mldrills list`` and ``/exercises`` show."""
    return build_list(metas, store.stats(user_id), due_exercises(store, user_id, now), query)


__all__ = [
    "SORTS",
    "STATUSES",
    "ListQuery",
    "build_list",
    "due_exercises",
    "exercise_list",
    "exercise_row",
    "make_query",
    "sort_rows",
    "status_of",
]
