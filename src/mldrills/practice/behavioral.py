"""Behavioral prompt practice: pick prompts, and give feedback on a spoken or typed answer.

The API other features use (mock loops weave these into rounds):
``pick_prompts(pack, n, seed=..., principles=...)`` and ``answer_feedback(prompt, text)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from mldrills.content.behavioral import BehavioralPack, BehavioralPrompt
from mldrills.errors import InvalidInput, NotFound
from mldrills.feedback.star import StarReport, analyze
from mldrills.store.stories import StoryRecord

MAX_ANSWER_CHARS = 20_000


def pick_prompts(
    pack: BehavioralPack,
    n: int,
    *,
    seed: int | None = None,
    principles: list[str] | None = None,
) -> list[BehavioralPrompt]:
    """``n`` different prompts at random (reproducible with ``seed``), optionally only
    those probing one of ``principles``."""
    if n < 1:
        raise InvalidInput("ask for at least one prompt")
    pool = list(pack.prompts)
    if principles:
        pack.check_principles(principles)
        pool = [p for p in pool if set(p.principles) & set(principles)]
    if not pool:
        wanted = f" probing {', '.join(principles)}" if principles else ""
        raise NotFound(f"no behavioral prompts{wanted} in the packs folder")
    random.Random(seed).shuffle(pool)
    return pool[:n]


@dataclass(frozen=True)
class AnswerFeedback:
    """The analyzer's report on an answer, with the prompt's follow-ups and what to cover."""

    prompt: BehavioralPrompt
    report: StarReport
    stories: tuple[StoryRecord, ...]  # the user's stories that show the prompt's principles

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready feedback."""
        return {
            "prompt": self.prompt.to_dict(),
            "analysis": self.report.to_dict(),
            "follow_ups": list(self.prompt.follow_ups),
            "look_for": list(self.prompt.look_for),
            "matching_stories": [{"id": s.id, "title": s.title} for s in self.stories],
        }


def matching_stories(prompt: BehavioralPrompt, stories: list[StoryRecord]) -> list[StoryRecord]:
    """The stories that show a principle the prompt probes, main principle first."""
    main = prompt.principles[0]
    shown = [s for s in stories if set(s.principles) & set(prompt.principles)]
    return sorted(shown, key=lambda s: main not in s.principles)


def answer_feedback(
    prompt: BehavioralPrompt, answer: str, stories: list[StoryRecord] | None = None
) -> AnswerFeedback:
    """Analyze an answer to ``prompt``; InvalidInput when it is empty or too long."""
    if not answer.strip():
        raise InvalidInput("the answer is empty")
    if len(answer) > MAX_ANSWER_CHARS:
        raise InvalidInput(f"an answer is at most {MAX_ANSWER_CHARS} characters")
    return AnswerFeedback(
        prompt=prompt,
        report=analyze(answer),
        stories=tuple(matching_stories(prompt, stories or [])),
    )
