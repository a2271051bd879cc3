"""Numeric drills in practice: pose an instance, check an answer, explain, record.

The CLI and the web share these functions: they only read input and present the
:class:`Feedback` and worked solution produced here.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass
from typing import Any

from mldrills.content.drill_gen import MISTAKE_TOLERANCE, Instance, generate, relative_gap
from mldrills.content.drills import AREAS, DrillSet
from mldrills.content.units import Quantity, lookup, parse, show
from mldrills.errors import InvalidInput, NotFound
from mldrills.store import Store
from mldrills.store.drill_attempts import DrillAttemptRecord

VERDICTS = ("correct", "close", "mistake", "wrong")
MAX_SEED = 10**9
MAX_ANSWER_CHARS = 200
_PREFIXES = "KMGTPE"


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer, the hint it deserves and the expected value."""

    verdict: str
    message: str
    hint: str | None
    mistake: str | None
    given: float
    given_text: str
    expected: float
    expected_text: str
    relative_error: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready feedback."""
        return asdict(self)


def random_seed() -> int:
    """A fresh seed for a new instance."""
    return random.SystemRandom().randrange(MAX_SEED)


def pick(
    drills: DrillSet,
    *,
    area: str | None = None,
    slug: str | None = None,
    seed: int | None = None,
    rng: random.Random | None = None,
) -> Instance:
    """An instance of ``slug``, or of a random drill of ``area`` (or of any area)."""
    chooser = rng or random.SystemRandom()
    if slug is not None:
        drill = drills.get(slug)
        if area is not None and drill.area != area:
            raise InvalidInput(f"drill {slug!r} belongs to area {drill.area!r}, not {area!r}")
    else:
        if area is not None and area not in AREAS:
            raise NotFound(f"no area named {area!r}", hint=f"areas: {', '.join(AREAS)}")
        pool = drills.all(area)
        if not pool:
            raise NotFound(f"no drills in area {area!r}" if area else "no drills installed")
        drill = chooser.choice(pool)
    if seed is not None and not 0 <= seed < MAX_SEED:
        raise InvalidInput(f"seed must be between 0 and {MAX_SEED - 1}")
    return generate(drill, chooser.randrange(MAX_SEED) if seed is None else seed)


def tolerance_text(instance: Instance) -> str:
    """How close an answer must be, in words."""
    tolerance = instance.drill.answer.tolerance
    if tolerance == 0:
        return "exact"
    return f"within {tolerance * 100:g}%"


EXAMPLES = {
    "flops": "6.3e21 or 6.3e21 FLOPs",
    "count": "3e9, 3 billion or 3B",
    "number": "3.8",
    "seconds": "45 ms",
}


def answer_hint(instance: Instance) -> str:
    """How to write the answer: the unit, an example and the tolerance, in one sentence."""
    answer = instance.drill.answer
    tolerance = tolerance_text(instance)
    if answer.kind == "ratio":
        return f"Answer as a percentage or a fraction (12% or 0.12), {tolerance}."
    if answer.kind == "dollars":
        return f"Answer in dollars, e.g. $4,200 or $1.2M, {tolerance}."
    if answer.unit:
        return (
            f"Answer in {answer.unit}, {tolerance}; a bare number is read in {answer.unit}, "
            "and other units of the same kind work too."
        )
    return f"Answer with a number, e.g. {EXAMPLES.get(answer.kind, '3.8')}, {tolerance}."


def describe(instance: Instance) -> dict[str, Any]:
    """The question side of an instance (nothing that gives the answer away)."""
    answer = instance.drill.answer
    return {
        **instance.drill.to_dict(),
        "seed": instance.seed,
        "variant": instance.variant,
        "params": instance.params,
        "question": instance.question,
        "tolerance_text": tolerance_text(instance),
        "answer_hint": answer_hint(instance),
        "unit": answer.unit,
    }


def solution(instance: Instance) -> dict[str, Any]:
    """The worked solution: each step's Markdown and value, and the expected answer."""
    return {
        "steps": [{"name": n, "value": v, "text": t} for n, v, t in instance.steps],
        "answer": instance.answer,
        "answer_text": instance.answer_text,
    }


def _within(value: float, target: float, tolerance: float) -> bool:
    return relative_gap(value, target) <= max(tolerance, 1e-9)


def _prefix_level(unit: str | None) -> tuple[int, bool] | None:
    """(power, binary?) of a byte unit with a prefix, e.g. GiB -> (3, True)."""
    if unit and len(unit) >= 2 and unit[0] in _PREFIXES and unit[1:] in ("B", "iB"):
        return _PREFIXES.index(unit[0]) + 1, unit[1:] == "iB"
    return None


def _unit_slips(quantity: Quantity, kind: str, display: str | None) -> list[tuple[float, str]]:
    """Values the learner probably meant, with the hint that explains each slip."""
    slips: list[tuple[float, str]] = []
    unit = quantity.unit or display
    level = _prefix_level(unit) if kind == "bytes" else None
    if level is not None and unit is not None:
        power, binary = level
        ratio = (1024 / 1000) ** power
        other = f"{unit[0]}B" if binary else f"{unit[0]}iB"
        meant = "powers of 1000" if binary else "powers of 1024"
        slips.append(
            (
                quantity.value / ratio if binary else quantity.value * ratio,
                f"Your number is right in {other}, but you gave it as {unit}. "
                f"1 {unit[0]}B = $10^{{{3 * power}}}$ bytes while 1 {unit[0]}iB = "
                f"$2^{{{10 * power}}}$ bytes: you computed in {meant}.",
            )
        )
    if kind == "bytes":
        slips.append(
            (quantity.value * 8, "Off by a factor of 8: Gb/Mb/bit are bits, GB/MB are bytes.")
        )
        slips.append((quantity.value / 8, "Off by a factor of 8: you counted bits, not bytes."))
    if kind == "ratio":
        slips.append(
            (quantity.value / 100, "A bare number is read as a fraction: write 12% or 0.12.")
        )
        slips.append((quantity.value * 100, "You gave the fraction with a % sign: 0.12 = 12%."))
    for factor in (1000.0, 0.001):
        slips.append(
            (
                quantity.value * factor,
                "Off by a factor of 1000: check the unit or the thousand/million/billion.",
            )
        )
    return slips


def _given_text(text: str, quantity: Quantity, display: str | None) -> str:
    """What the learner wrote, converted to the display unit when written in another."""
    converted = show(quantity.value, display)
    if quantity.unit is None or quantity.unit == display:
        return converted
    return f"{text.strip()} = {converted}"


def _read(instance: Instance, text: str) -> Quantity:
    """Parse an answer; a bare number is read in the display unit, or else in base units."""
    answer = instance.drill.answer
    quantity = parse(text, answer.kind, answer.unit)
    if quantity.unit is None and not _within(quantity.value, instance.answer, answer.tolerance):
        # The same bare number in base units (an exact byte count for a GiB answer) is
        # also a right answer.
        as_base = parse(text, answer.kind, None)
        if _within(as_base.value, instance.answer, answer.tolerance):
            return as_base
    return quantity


def _match_mistake(instance: Instance, quantity: Quantity) -> tuple[str, str] | None:
    """The hint and label of the drill mistake, or unit slip, the answer matches."""
    answer = instance.drill.answer
    tolerance = max(answer.tolerance, MISTAKE_TOLERANCE)
    # The closest mistake explains the answer best.
    gaps = sorted(
        (relative_gap(quantity.value, v), i) for i, (v, _) in enumerate(instance.mistakes)
    )
    if gaps and gaps[0][0] <= tolerance:
        closest = gaps[0][1]
        return instance.mistakes[closest][1], f"mistakes[{closest}]"
    for value, hint in _unit_slips(quantity, answer.kind, answer.unit):
        if _within(value, instance.answer, tolerance):
            return hint, "unit"
    return None


def check(instance: Instance, text: str) -> Feedback:
    """Grade an answer: correct, a known mistake (with its hint), close, or wrong."""
    if len(text) > MAX_ANSWER_CHARS:
        raise InvalidInput(f"an answer is at most {MAX_ANSWER_CHARS} characters")
    answer = instance.drill.answer
    quantity = _read(instance, text)
    gap = relative_gap(quantity.value, instance.answer)
    hint = mistake = None
    if _within(quantity.value, instance.answer, answer.tolerance):
        verdict, message = "correct", "Correct."
    elif (matched := _match_mistake(instance, quantity)) is not None:
        verdict, (hint, mistake) = "mistake", matched
        message = (
            "The number is right in another unit."
            if mistake == "unit"
            else "Not right, and it looks like a common mistake."
        )
    elif gap <= max(3 * answer.tolerance, 0.05):
        verdict = "close"
        message = f"Close, but outside the tolerance ({tolerance_text(instance)})."
    else:
        verdict, message = "wrong", "Not right."
    return Feedback(
        verdict=verdict,
        message=message,
        hint=hint,
        mistake=mistake,
        given=quantity.value,
        given_text=_given_text(text, quantity, answer.unit),
        expected=instance.answer,
        expected_text=instance.answer_text,
        relative_error=gap,
    )


def _fraction(match: re.Match[str]) -> str:
    """a/b, with parentheses only around a part that is more than one symbol."""
    parts = [p.strip() for p in match.groups()]
    return "/".join(p if re.fullmatch(r"[\w.]+", p) else f"({p})" for p in parts)


_TEX: list[tuple[str, Any]] = [
    (r"\{,\}", ","),
    (r"\\text\{([^{}]*)\}", r"\1"),
    (r"\\(mathrm|operatorname|mathbf)\{([^{}]*)\}", r"\2"),
    (r"\^\{([^{}]*)\}", r"^\1"),
    (r"_\{([^{}]*)\}", r"_\1"),
    (r"\\times", "×"),
    (r"\\cdot", "·"),
    (r"\\approx", "≈"),
    (r"\\le(q)?(?![A-Za-z])", "≤"),
    (r"\\ge(q)?(?![A-Za-z])", "≥"),
    (r"\\lceil", "⌈"),
    (r"\\rceil", "⌉"),
    (r"\\lfloor", "⌊"),
    (r"\\rfloor", "⌋"),
    (r"\\top(?![A-Za-z])", "T"),
    (r"\\ln(?![A-Za-z])", "ln"),
    (r"\\bar\{([^{}]*)\}", "\\1\u0304"),
    (r"\\[td]?frac12", "1/2"),
    (r"\\sqrt\{([^{}]*)\}", r"sqrt(\1)"),
    (r"\\[td]?frac\{([^{}]*)\}\{([^{}]*)\}", _fraction),
    (r"\\(left|right|displaystyle)", ""),
    (r"\\[,;:! ]", " "),
    (r"\\%", "%"),
    (r"\\\$", "\x00"),
    (r"\\(alpha|beta|gamma|lambda|sigma|mu|eta|Delta|sum|log|exp)(?![A-Za-z])", r"\1"),
    (r"\$", ""),
    (r"\x00", "$"),
    (r"\*\*", ""),
    (r"\( +", "("),
    (r" +\)", ")"),
]


def to_text(markdown: str) -> str:
    """Markdown with TeX math as readable plain text for the terminal."""
    text = markdown.strip()
    for pattern, replacement in _TEX:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"[ \t]+\n", "\n", text)


def unit_label(instance: Instance) -> str:
    """What to answer in, e.g. "GiB" or "a plain number"."""
    unit = instance.drill.answer.unit
    found = lookup(unit) if unit else None
    return found.name if found is not None else "a plain number"


def record(
    store: Store,
    user_id: int,
    instance: Instance,
    text: str,
    feedback: Feedback,
    seconds: float | None,
) -> DrillAttemptRecord:
    """Store the learner's answer to ``instance`` with its verdict and time taken."""
    return store.record_drill_attempt(
        user_id,
        slug=instance.drill.slug,
        area=instance.drill.area,
        seed=instance.seed,
        # Which question was asked, when a drill has variants, is part of the instance.
        params={**instance.params, **({"variant": instance.variant} if instance.variant else {})},
        answer=text,
        value=feedback.given,
        verdict=feedback.verdict,
        mistake=feedback.mistake,
        time_spent_s=seconds,
    )
