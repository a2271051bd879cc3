"""System-design practice: timed phases, notes saved as typed, rubric feedback per section.

The CLI, the web app and mock loops share these functions. A mock round can call
:func:`start` with its own minutes, :func:`save_notes` as the learner types, and
:func:`feedback` at the end; :func:`clock` says where the session stands at any moment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mldrills.content.prompts import Prompt, get_prompt, load_prompts
from mldrills.content.rubric import RubricPoint
from mldrills.errors import InvalidInput
from mldrills.feedback.results import PointResult
from mldrills.feedback.rubric import Method, grade_answer
from mldrills.practice import diagram as dg
from mldrills.store import Store
from mldrills.store.design import DesignSessionRecord
from mldrills.store.models import utcnow

__all__ = [
    "PHASES",
    "SELF_ASSESSMENT",
    "DesignFeedback",
    "PhasePlan",
    "SectionFeedback",
    "clock",
    "feedback",
    "finish",
    "list_prompts",
    "plan",
    "save_diagram",
    "save_notes",
    "set_phase",
    "start",
]


@dataclass(frozen=True)
class PhasePlan:
    """One phase of a session: its id, title, minutes and what to do in it."""

    id: str
    title: str
    minutes: float
    guidance: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (also how a session stores its plan)."""
        return {
            "id": self.id,
            "title": self.title,
            "minutes": self.minutes,
            "guidance": self.guidance,
        }


PHASES: tuple[PhasePlan, ...] = (
    PhasePlan(
        "clarify", "Clarify", 5, "Ask about users, scale, goals and constraints; state the metric."
    ),
    PhasePlan(
        "high-level", "High-level design", 10, "Sketch the components and the data flow end to end."
    ),
    PhasePlan(
        "deep-dives",
        "Deep dives",
        20,
        "Data and labels, features, model, training, evaluation, serving.",
    ),
    PhasePlan(
        "wrap-up", "Wrap-up", 5, "Rollout, monitoring, retraining, and the trade-offs you made."
    ),
)
MAX_PHASE_MINUTES = 120
# The self-assessment form: each item is rated 1 (not at all) to 4 (fully).
SELF_ASSESSMENT: tuple[tuple[str, str], ...] = (
    ("clarified", "I pinned down the goal, the metric and the scale before designing."),
    ("structure", "My design covered the system end to end before going deep."),
    ("depth", "I went deep on the parts that matter most for this problem."),
    ("numbers", "I estimated the load, storage or compute with numbers."),
    ("tradeoffs", "I named trade-offs and said why I chose one side."),
    ("time", "I kept to the time of each phase."),
)


def plan(minutes: Sequence[float] | None = None) -> list[PhasePlan]:
    """The four phases, with ``minutes`` (one per phase) instead of the defaults."""
    if minutes is None:
        return list(PHASES)
    if len(minutes) != len(PHASES):
        raise InvalidInput(f"give {len(PHASES)} phase lengths in minutes, e.g. 5,10,20,5")
    for value in minutes:
        if not 0 < value <= MAX_PHASE_MINUTES:
            raise InvalidInput(f"a phase lasts more than 0 and at most {MAX_PHASE_MINUTES} minutes")
    return [
        PhasePlan(p.id, p.title, float(m), p.guidance) for p, m in zip(PHASES, minutes, strict=True)
    ]


def parse_minutes(text: str) -> list[float]:
    """Read "5,10,20,5" into phase lengths; InvalidInput naming the bad part."""
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise InvalidInput(
            f"phase minutes {text!r}: write numbers separated by commas, e.g. 5,10,20,5"
        ) from None


def list_prompts(root: Path | str | None = None) -> tuple[list[Prompt], list[str]]:
    """Every design prompt, and one problem per broken file (lists still show the rest)."""
    return load_prompts(root)


def start(
    store: Store,
    user_id: int,
    slug: str,
    minutes: Sequence[float] | None = None,
    *,
    root: Path | str | None = None,
) -> DesignSessionRecord:
    """Start a timed session on prompt ``slug`` (NotFound for an unknown prompt)."""
    get_prompt(slug, root)
    return store.create_design_session(user_id, slug, [p.to_dict() for p in plan(minutes)])


def _phase_ids(record: DesignSessionRecord) -> list[str]:
    return [str(p["id"]) for p in record.phases]


def save_notes(
    store: Store, user_id: int, session_id: int, phase: str, text: str
) -> DesignSessionRecord:
    """Replace the notes of ``phase``; InvalidInput for a phase the session does not have."""
    record = store.design_session(user_id, session_id)
    if phase not in _phase_ids(record):
        raise InvalidInput(f"phase {phase!r} is not one of {', '.join(_phase_ids(record))}")
    return store.save_design_note(user_id, session_id, phase, text)


def save_diagram(store: Store, user_id: int, session_id: int, text: str) -> dg.Diagram:
    """Store the architecture sketch and return it parsed (with any line problems)."""
    store.save_design_diagram(user_id, session_id, text)
    return dg.parse(text)


def set_phase(store: Store, user_id: int, session_id: int, phase: str | int) -> DesignSessionRecord:
    """Move to a phase (by id or number) and restart its clock."""
    record = store.design_session(user_id, session_id)
    ids = _phase_ids(record)
    if isinstance(phase, str):
        if phase not in ids:
            raise InvalidInput(f"phase {phase!r} is not one of {', '.join(ids)}")
        phase = ids.index(phase)
    store.set_design_phase(user_id, session_id, phase)
    return store.design_session(user_id, session_id)


def clock(record: DesignSessionRecord, now: datetime | None = None) -> dict[str, Any]:
    """Where the session stands: current phase, seconds used in it and left (negative: over)."""
    now = now or utcnow()
    current = record.phases[record.phase]
    used = max((now - record.phase_started_at).total_seconds(), 0.0)
    budget = float(current["minutes"]) * 60
    return {
        "phase": current["id"],
        "title": current["title"],
        "index": record.phase,
        "used_s": round(used, 1),
        "left_s": round(budget - used, 1),
        "budget_s": budget,
        "total_minutes": sum(float(p["minutes"]) for p in record.phases),
        # Since the start, until the finish once finished: what a mock round reports as time used.
        "elapsed_s": round(
            max(((record.finished_at or now) - record.created_at).total_seconds(), 0.0), 1
        ),
        "finished": record.finished_at is not None,
    }


@dataclass(frozen=True)
class PointFeedback:
    """One rubric point: made or not, the sentence that earned it and the phase it came from."""

    result: PointResult
    phase: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {**self.result.to_dict(), "phase": self.phase}


@dataclass(frozen=True)
class SectionFeedback:
    """Coverage of one rubric section."""

    id: str
    title: str
    points: tuple[PointFeedback, ...]

    @property
    def made(self) -> int:
        """How many of the section's points were made."""
        return sum(1 for p in self.points if p.result.made)

    @property
    def coverage(self) -> float:
        """The share of the section's points made."""
        return self.made / len(self.points) if self.points else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "title": self.title,
            "made": self.made,
            "total": len(self.points),
            "coverage": round(self.coverage, 4),
            "points": [p.to_dict() for p in self.points],
        }


@dataclass(frozen=True)
class DesignFeedback:
    """Rubric coverage per section, what was missed, and what to practise next."""

    slug: str
    sections: tuple[SectionFeedback, ...]
    follow_ups: tuple[str, ...]

    @property
    def coverage(self) -> float:
        """The share of all rubric points made."""
        points = [p for s in self.sections for p in s.points]
        return sum(1 for p in points if p.result.made) / len(points) if points else 0.0

    @property
    def missed(self) -> list[tuple[str, str]]:
        """(section title, point) for every point not made."""
        return [
            (s.title, p.result.point) for s in self.sections for p in s.points if not p.result.made
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "slug": self.slug,
            "coverage": round(self.coverage, 4),
            "sections": [s.to_dict() for s in self.sections],
            "missed": [{"section": t, "point": p} for t, p in self.missed],
            "follow_ups": list(self.follow_ups),
            "self_assessment_form": [{"id": i, "statement": s} for i, s in SELF_ASSESSMENT],
        }


def _best(results: list[tuple[str, PointResult]]) -> PointFeedback:
    """The first phase that made the point, else the closest miss."""
    for phase, result in results:
        if result.made:
            return PointFeedback(result, phase)
    phase, result = max(results, key=lambda pr: pr[1].score)
    return PointFeedback(result, phase if result.evidence else None)


def grade_texts(
    texts: dict[str, str], points: Sequence[RubricPoint], method: Method | None = None
) -> list[PointFeedback]:
    """Grade each text (phase notes, the sketch) on its own and keep each point's best."""
    per_text = {
        name: grade_answer(text, points, method=method).points
        for name, text in texts.items()
        if text.strip()
    }
    if not per_text:
        return [PointFeedback(PointResult(p.point, False, 0.0, None, None), None) for p in points]
    return [
        _best([(name, grades[i]) for name, grades in per_text.items()]) for i in range(len(points))
    ]


def feedback_for_texts(
    prompt: Prompt, texts: dict[str, str], method: Method | None = None
) -> DesignFeedback:
    """Feedback on notes given as {phase or source: text}; the benchmark calls this directly."""
    graded = iter(grade_texts(texts, prompt.points, method))
    sections = tuple(
        SectionFeedback(s.id, s.title, tuple(next(graded) for _ in s.points))
        for s in prompt.sections
    )
    return DesignFeedback(prompt.slug, sections, prompt.follow_ups)


def feedback(
    record: DesignSessionRecord,
    method: Method | None = None,
    *,
    root: Path | str | None = None,
) -> DesignFeedback:
    """Feedback on a stored session: every phase's notes and the sketch, graded."""
    prompt = get_prompt(record.slug, root)
    texts = dict(record.notes)
    if record.diagram.strip():
        texts["diagram"] = dg.as_sentences(dg.parse(record.diagram))
    return feedback_for_texts(prompt, texts, method)


def check_assessment(answers: dict[str, Any]) -> dict[str, int]:
    """Validate a self-assessment: every form item rated 1-4."""
    out: dict[str, int] = {}
    for item, _ in SELF_ASSESSMENT:
        value = answers.get(item)
        try:
            rating = int(value) if value is not None and str(value).strip() else None
        except (TypeError, ValueError):
            rating = None
        if rating is None or not 1 <= rating <= 4:
            raise InvalidInput(f"self-assessment {item!r}: rate it from 1 to 4")
        out[item] = rating
    return out


def finish(
    store: Store, user_id: int, session_id: int, answers: dict[str, Any] | None = None
) -> DesignSessionRecord:
    """Close the session, storing the self-assessment when one is given."""
    rated = check_assessment(answers) if answers is not None else None
    store.finish_design_session(user_id, session_id, rated)
    return store.design_session(user_id, session_id)


_HEADING = re.compile(r"^##\s+(\S+)\s*$")


def split_sections(text: str, phases: Sequence[str], current: str) -> dict[str, str]:
    """Split notes at '## <phase>' / '## diagram' headings; text before any goes to ``current``."""
    parts: dict[str, list[str]] = {}
    where = current
    for line in text.splitlines():
        match = _HEADING.match(line.strip())
        if match:
            where = match.group(1).lower()
            if where not in (*phases, "diagram"):
                raise InvalidInput(
                    f"heading '## {where}': use one of {', '.join((*phases, 'diagram'))}"
                )
            parts.setdefault(where, [])
            continue
        parts.setdefault(where, []).append(line)
    return {k: "\n".join(v).strip() for k, v in parts.items() if "\n".join(v).strip()}


def parse_assessment(text: str) -> dict[str, str]:
    """Read "clarified=3,structure=2,..." into form answers (checked by :func:`finish`)."""
    answers: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise InvalidInput(f"self-assessment {part!r}: write item=rating, e.g. clarified=3")
        answers[key.strip()] = value.strip()
    unknown = set(answers) - {i for i, _ in SELF_ASSESSMENT}
    if unknown:
        raise InvalidInput(
            f"unknown self-assessment item(s) {', '.join(sorted(unknown))}; "
            f"the items are {', '.join(i for i, _ in SELF_ASSESSMENT)}"
        )
    return answers
