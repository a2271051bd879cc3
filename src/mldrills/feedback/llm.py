"""Optional LLM judge: the same rubric, graded by a chat model behind an OpenAI-compatible API.

Off by default (``MLDRILLS_GRADER=llm`` and ``MLDRILLS_LLM_URL`` turn it on). The model
must answer with strict JSON; anything else is an error, never a guessed grade.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mldrills import settings
from mldrills.content.rubric import RubricPoint
from mldrills.errors import GraderUnavailable
from mldrills.feedback.results import PointResult, RubricGrade, finish

_MAX_REPLY_BYTES = 1_000_000
_SYSTEM = (
    "You grade a candidate's answer in a machine-learning interview against numbered "
    "rubric points. A point is made only if some sentence of the answer states that claim "
    "(other words are fine). A point is not made if the answer states one of the point's "
    "listed wrong claims or the opposite of the point. Reply with one JSON object and "
    'nothing else: {"points": [{"index": 1, "made": true, "evidence": "<the sentence of '
    'the answer that makes the point, copied exactly, or null>", "reason": "<why not made, '
    'or null>"}, ...]} with exactly one entry per rubric point.'
)


@dataclass(frozen=True)
class JudgeConfig:
    """Where the judge lives and how long to wait for it."""

    url: str
    model: str
    api_key: str = ""
    timeout: float = 30.0

    @classmethod
    def from_settings(cls) -> JudgeConfig:
        """Read MLDRILLS_LLM_* settings; a clear error when the judge is not configured."""
        url, model = settings.get("llm_url").strip(), settings.get("llm_model").strip()
        if not url or not model:
            raise GraderUnavailable(
                "the LLM judge is not configured",
                hint="Set MLDRILLS_LLM_URL and MLDRILLS_LLM_MODEL (see docs/settings.md).",
            )
        timeout = settings.get_int("llm_timeout", minimum=1)
        return cls(url.rstrip("/"), model, settings.get("llm_api_key"), float(timeout))


def build_messages(answer: str, points: Sequence[RubricPoint]) -> list[dict[str, str]]:
    """The chat messages sent to the judge."""
    lines = []
    for i, point in enumerate(points, 1):
        lines.append(f"{i}. {point.point}")
        for claim in point.wrong:
            lines.append(f"   wrong claim (does not count): {claim}")
    user = "Rubric points:\n" + "\n".join(lines) + "\n\nAnswer:\n" + answer
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]


def judge_answer(answer: str, points: Sequence[RubricPoint], config: JudgeConfig) -> RubricGrade:
    """Ask the configured model to grade ``answer``; GraderUnavailable on any failure."""
    if not points:
        return finish(())
    body = {
        "model": config.model,
        "messages": build_messages(answer, points),
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    reply = _post(config, body)
    return parse_reply(reply, answer, points)


def _post(config: JudgeConfig, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{config.url}/chat/completions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    if config.api_key:
        request.add_header("Authorization", f"Bearer {config.api_key}")
    where = f"the LLM judge at {config.url}"
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            raw = response.read(_MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode(errors="replace").strip()
        raise GraderUnavailable(f"{where} answered HTTP {exc.code}: {detail}") from None
    except TimeoutError:
        raise GraderUnavailable(f"{where} did not answer within {config.timeout:g} s") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GraderUnavailable(f"{where} cannot be reached: {reason}") from None
    if len(raw) > _MAX_REPLY_BYTES:
        raise GraderUnavailable(f"{where} sent a reply over {_MAX_REPLY_BYTES} bytes")
    try:
        data = json.loads(raw)
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise GraderUnavailable(f"{where} did not send a chat-completions reply") from None
    if not isinstance(content, str):
        raise GraderUnavailable(f"{where} sent a reply without text content")
    return {"content": content}


def parse_reply(reply: dict[str, Any], answer: str, points: Sequence[RubricPoint]) -> RubricGrade:
    """Validate the judge's JSON strictly and turn it into a grade."""
    text = reply["content"].strip()
    if text.startswith("```"):  # tolerate one Markdown fence around the object, nothing else
        text = text.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(text)
    except ValueError:
        raise _bad(f"not JSON: {text[:120]!r}") from None
    entries = data.get("points") if isinstance(data, dict) else None
    if not isinstance(entries, list) or len(entries) != len(points):
        raise _bad(f"expected a 'points' list with {len(points)} entries")
    by_index: dict[int, PointResult] = {}
    for entry in entries:
        index, result = _entry(entry, answer, points)
        if index in by_index:
            raise _bad(f"point {index} graded twice")
        by_index[index] = result
    return finish(tuple(by_index[i] for i in range(1, len(points) + 1)))


def _entry(entry: Any, answer: str, points: Sequence[RubricPoint]) -> tuple[int, PointResult]:
    if not isinstance(entry, dict):
        raise _bad("each entry must be an object")
    index, made = entry.get("index"), entry.get("made")
    evidence, reason = entry.get("evidence"), entry.get("reason")
    if not isinstance(index, int) or isinstance(index, bool) or not 1 <= index <= len(points):
        raise _bad(f"entry index {index!r} is not a point number 1..{len(points)}")
    if not isinstance(made, bool):
        raise _bad(f"point {index}: 'made' must be true or false")
    if evidence is not None and not isinstance(evidence, str):
        raise _bad(f"point {index}: 'evidence' must be a string or null")
    if reason is not None and not isinstance(reason, str):
        raise _bad(f"point {index}: 'reason' must be a string or null")
    # Evidence must be quoted from the answer; an invented quote is dropped, not shown.
    quote = evidence.strip() if evidence and evidence.strip() in answer else None
    point = points[index - 1].point
    return index, PointResult(point, made, 1.0 if made else 0.0, quote, None if made else reason)


def _bad(what: str) -> GraderUnavailable:
    return GraderUnavailable(
        f"the LLM judge's reply is unusable: {what}",
        hint="Check that MLDRILLS_LLM_MODEL follows JSON instructions, or use the local grader.",
    )
