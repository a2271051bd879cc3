"""The story bank: stories checked against the principles, analyzed, matched to prompts.

The CLI and the web call these; the store keeps the rows. A story's text is written in
a small plain-text form when edited in $EDITOR or piped on stdin::

    title: Cut the GPU bill
    principles: frugality, ownership
    metric: GPU spend | 42000 | 27500 | USD per month | over one quarter
    ---
    At my last company ...

(one ``metric:`` line per metric: name | baseline | after | unit | time frame; empty
fields allowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mldrills.content.behavioral import BehavioralPack
from mldrills.errors import InvalidInput
from mldrills.feedback.star import analyze
from mldrills.store import Store
from mldrills.store.stories import Metric, StoryRecord

SEPARATOR = "---"


@dataclass(frozen=True)
class StoryDraft:
    """A story as the user wrote it, before it is stored."""

    title: str
    text: str
    principles: list[str]
    metrics: list[Metric]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryDraft:
        """A draft from JSON-like data (the web API); InvalidInput when malformed."""
        principles = data.get("principles") or []
        metrics = data.get("metrics") or []
        if not isinstance(principles, list) or not all(isinstance(p, str) for p in principles):
            raise InvalidInput("principles must be a list of principle slugs")
        if not isinstance(metrics, list):
            raise InvalidInput("metrics must be a list")
        title, text = data.get("title", ""), data.get("text", "")
        if not isinstance(title, str) or not isinstance(text, str):
            raise InvalidInput("title and text must be strings")
        parsed = [Metric.parse(m, i + 1) for i, m in enumerate(metrics)]
        return cls(title, text, principles, parsed)


def _metric_line(line: str, number: int) -> Metric:
    fields = [f.strip() for f in line.split("|")]
    if len(fields) > 5:
        raise InvalidInput(f"metric {number}: at most 5 fields (name | baseline | after | ...)")
    fields += [""] * (5 - len(fields))
    raw: dict[str, Any] = {"name": fields[0], "unit": fields[3], "timeframe": fields[4]}
    for key, value in (("baseline", fields[1]), ("after", fields[2])):
        try:
            raw[key] = float(value.replace(",", "")) if value else None
        except ValueError:
            raise InvalidInput(f"metric {number}: {key} {value!r} is not a number") from None
    return Metric.parse(raw, number)


def parse_story_text(source: str) -> StoryDraft:
    """A draft from the plain-text form (header lines, ``---``, then the story)."""
    head, sep, body = source.partition(f"\n{SEPARATOR}\n")
    if not sep:
        raise InvalidInput(
            f"no '{SEPARATOR}' line between the header and the story",
            hint="start with 'title: ...', then a line '---', then the story",
        )
    title = ""
    principles: list[str] = []
    metrics: list[Metric] = []
    for number, line in enumerate(head.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or key not in ("title", "principles", "metric"):
            raise InvalidInput(f"header line {number}: expected title:, principles: or metric:")
        if key == "title":
            title = value.strip()
        elif key == "principles":
            principles = [p.strip() for p in value.split(",") if p.strip()]
        else:
            metrics.append(_metric_line(value, len(metrics) + 1))
    return StoryDraft(title, body.strip() + "\n" if body.strip() else "", principles, metrics)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def story_text(story: StoryRecord | None, pack: BehavioralPack) -> str:
    """The plain-text form of a story (a template with the principles listed when None)."""
    lines = [f"# principles: {', '.join(pack.principle_slugs)}"]
    lines.append("# metric: name | baseline | after | unit | time frame")
    if story is None:
        lines += ["title: ", "principles: ", "metric: ", SEPARATOR, ""]
        return "\n".join(lines)
    lines += [f"title: {story.title}", f"principles: {', '.join(story.principles)}"]
    for m in story.metrics:
        fields = [m.name, _number(m.baseline), _number(m.after), m.unit, m.timeframe]
        lines.append("metric: " + " | ".join(fields))
    lines += [SEPARATOR, story.text.rstrip("\n"), ""]
    return "\n".join(lines)


def save_story(
    store: Store, user_id: int, pack: BehavioralPack, draft: StoryDraft, story_id: int | None
) -> StoryRecord:
    """Create (``story_id`` None) or replace a story after checking its principles."""
    pack.check_principles(draft.principles)
    args = (draft.title, draft.text, draft.principles, draft.metrics)
    if story_id is None:
        return store.create_story(user_id, *args)
    return store.update_story(user_id, story_id, *args)


def metric_notes(metrics: tuple[Metric, ...] | list[Metric]) -> list[str]:
    """What the attached metrics still lack for a convincing result."""
    notes = []
    for m in metrics:
        missing = [
            label
            for label, ok in (
                ("a baseline", m.baseline is not None),
                ("an after value", m.after is not None),
                ("a unit", bool(m.unit)),
                ("a time frame", bool(m.timeframe)),
            )
            if not ok
        ]
        if missing:
            notes.append(f"Metric {m.name!r} has no {', '.join(missing)}.")
    return notes


def analysis(text: str, metrics: tuple[Metric, ...] | list[Metric] = ()) -> dict[str, Any]:
    """The STAR report of a text, with notes on the attached metrics (JSON-ready)."""
    report = analyze(text).to_dict()
    report["metric_notes"] = metric_notes(metrics)
    return report


def matrix(pack: BehavioralPack, stories: list[StoryRecord]) -> dict[str, Any]:
    """Stories against principles and prompts, with the gaps (JSON-ready).

    A story covers a prompt when it shows at least one principle the prompt probes; it
    is a strong match when it shows the prompt's first (main) principle.
    """
    principles = [
        {
            "slug": p.slug,
            "title": p.title,
            "stories": [s.id for s in stories if p.slug in s.principles],
        }
        for p in pack.principles
    ]
    prompts = []
    for prompt in pack.prompts:
        shown = [s for s in stories if set(s.principles) & set(prompt.principles)]
        strong = [s.id for s in shown if prompt.principles[0] in s.principles]
        prompts.append(
            {
                "slug": prompt.slug,
                "title": prompt.title,
                "principles": list(prompt.principles),
                "stories": [s.id for s in shown],
                "strong": strong,
            }
        )
    return {
        "stories": [{"id": s.id, "title": s.title} for s in stories],
        "principles": principles,
        "prompts": prompts,
        "gaps": {
            "principles": [p["slug"] for p in principles if not p["stories"]],
            "prompts": [p["slug"] for p in prompts if not p["stories"]],
        },
    }


def _metric_markdown(m: Metric) -> str:
    change = ""
    if m.baseline is not None or m.after is not None:
        change = f": {_number(m.baseline) or '?'} → {_number(m.after) or '?'}"
    unit = f" {m.unit}" if m.unit else ""
    frame = f" ({m.timeframe})" if m.timeframe else ""
    return f"- {m.name}{change}{unit}{frame}"


def export_markdown(pack: BehavioralPack, stories: list[StoryRecord]) -> str:
    """The whole bank as one Markdown document, with the gaps at the end."""
    titles = {p.slug: p.title for p in pack.principles}
    out = ["# My behavioral stories", ""]
    if not stories:
        out += ["No stories yet.", ""]
    for story in stories:
        report = analyze(story.text)
        out += [f"## {story.title}", ""]
        if story.principles:
            shown = ", ".join(titles.get(p, p) for p in story.principles)
            out += [f"**Principles:** {shown}", ""]
        if story.metrics:
            out += ["**Metrics:**", "", *[_metric_markdown(m) for m in story.metrics], ""]
        out += [story.text.strip(), ""]
        minutes, seconds = divmod(report.speaking_seconds, 60)
        parts = ", ".join(
            f"{name} {part.share:.0%}" for name, part in report.parts.items() if part.present
        )
        out += [f"*{report.words} words, about {minutes}:{seconds:02d} aloud; {parts}.*", ""]
    gaps = matrix(pack, stories)["gaps"]
    out += ["## Gaps", ""]
    missing = [titles[p] for p in gaps["principles"]]
    out.append("- Principles with no story: " + (", ".join(missing) or "none"))
    unmatched = [pack.prompt(p).title for p in gaps["prompts"]]
    out.append("- Prompts with no matching story: " + ("; ".join(unmatched) or "none"))
    return "\n".join(out) + "\n"
