"""Drill instances: seeded parameters, evaluated steps, filled templates; and the validator."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mldrills.content import expr
from mldrills.content.drills import Drill, DrillSet, Mistake, Param
from mldrills.content.units import lookup, plain, show
from mldrills.errors import MldrillsError, PackError

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_]\w*)\s*(?::\s*([^{}]*?))?\s*\}\}")
MAX_TRIES = 1000
VALIDATION_SEEDS = range(50)
# A mistake's value must differ from the answer for this share of seeds, or its hint
# would rarely be the one shown.
MISTAKE_SHARE = 0.6
# The least relative slack when matching an answer to a mistake or a unit slip, so that a
# rounded mistake still matches on exact drills (the mean of a latency list).
MISTAKE_TOLERANCE = 0.005
POSITIVE_KINDS = ("bytes", "flops", "count", "seconds", "dollars")


@dataclass(frozen=True)
class Instance:
    """One generated drill: the question and everything needed to check and explain it."""

    drill: Drill
    seed: int
    params: dict[str, Any]
    values: dict[str, Any]
    question: str
    answer: float
    steps: list[tuple[str, Any, str]] = field(default_factory=list)
    mistakes: list[tuple[float, str]] = field(default_factory=list)
    variant: str | None = None

    @property
    def answer_text(self) -> str:
        """The expected answer in the drill's display unit."""
        return show(self.answer, self.drill.answer.unit)


def _draw(param: Param, rng: random.Random) -> Any:
    if param.choices:
        return rng.choice(param.choices)
    count = round((param.high - param.low) / param.step)
    value = param.low + rng.randint(0, count) * param.step
    if all(float(v).is_integer() for v in (param.low, param.step)):
        return round(value)
    decimals = max(0, -math.floor(math.log10(param.step)) + 2)
    return round(value, decimals)


def sample(param: Param, rng: random.Random) -> Any:
    """One value of ``param`` (a list of draws when it has a length)."""
    if param.length is None:
        return _draw(param, rng)
    return [_draw(param, rng) for _ in range(rng.randint(*param.length))]


def _in_math(template: str, pos: int) -> bool:
    inside = False
    before = PLACEHOLDER.sub("", template[:pos])  # a "$" unit spec is no delimiter
    for token in re.finditer(r"\\\$|\$\$|\$", before):
        if token.group() != "\\$":
            inside = not inside
    return inside


def words(value: float) -> str:
    """A large number the way people say it: 1.16 billion, 124 million, 3.2 trillion."""
    for size, name in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(value) >= size:
            return f"{plain(value / size, 3)} {name}"
    return plain(value, 3)


def format_value(value: Any, spec: str | None, *, math_mode: bool = False) -> str:
    """A value as text: ``spec`` is a unit ("GiB", "%", "$", "ms"), a Python format spec,
    or nothing (about 4 significant figures). Inside math, thousands separators,
    exponents and units are written the TeX way."""
    if isinstance(value, list):
        return ", ".join(format_value(v, spec, math_mode=math_mode) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    unit = lookup(spec) if spec and spec != "words" else None
    if spec == "words":
        number = words(value)
    elif unit is not None:
        number = plain(value / unit.factor)
    elif spec:
        try:
            number = format(value, spec)
        except (ValueError, TypeError) as exc:
            raise expr.ExprError(f"format spec {spec!r}: {exc}") from None
    else:
        number = plain(value)
    if math_mode:
        number = number.replace(",", "{,}").replace("%", "\\%")
        number = re.sub(r"e\+?(-?)0*(\d+)$", r" \\times 10^{\1\2}", number)
    if unit is None:
        return number
    if unit.name == "$":
        return "\\$" + number
    if unit.name == "%":
        return number + ("\\%" if math_mode else "%")
    return f"{number}\\,\\text{{{unit.name}}}" if math_mode else f"{number} {unit.name}"


def fill(template: str, values: dict[str, Any]) -> str:
    """``template`` with every ``{{ name[:spec] }}`` replaced; an unknown name is an error."""

    def one(match: re.Match[str]) -> str:
        name, spec = match.group(1), match.group(2)
        if name not in values:
            raise expr.ExprError(f"template uses {{{{ {name} }}}}, which is not defined")
        return format_value(values[name], spec, math_mode=_in_math(template, match.start()))

    out = PLACEHOLDER.sub(one, template)
    if re.search(r"\{\{\s*\w", out):
        raise expr.ExprError("template has a malformed {{ placeholder }}")
    return out


def _params(drill: Drill, rng: random.Random) -> dict[str, Any]:
    for _ in range(MAX_TRIES):
        params = {p.name: sample(p, rng) for p in drill.params}
        if all(expr.evaluate(cond, params) for cond in drill.require):
            return params
    raise expr.ExprError(f"no parameters meet {drill.require} in {MAX_TRIES} draws")


def _number(value: Any, what: str) -> float:
    if not expr.is_number(value) or not math.isfinite(value):
        raise expr.ExprError(f"{what} is {value!r}, not a finite number")
    return float(value)


def generate(drill: Drill, seed: int) -> Instance:
    """The instance of ``drill`` for ``seed`` (the same seed always gives the same one)."""
    try:
        return _generate(drill, seed)
    except expr.ExprError as exc:
        raise PackError(f"drill {drill.path.name} (seed {seed}): {exc}") from None


def _asked(
    drill: Drill, rng: random.Random
) -> tuple[str | None, str, str, str, tuple[Mistake, ...]]:
    """Variant name, question template, answer formula, closing text and mistakes."""
    if not drill.variants:
        answer = drill.answer
        return None, drill.question, answer.expr, answer.text, drill.mistakes
    v = rng.choice(drill.variants)
    return v.name, f"{drill.question.rstrip()}\n\n{v.ask.strip()}\n", v.expr, v.text, v.mistakes


def _generate(drill: Drill, seed: int) -> Instance:
    rng = random.Random(f"{drill.slug}:{seed}")
    params = _params(drill, rng)
    variant, question, answer_expr, closing, mistake_specs = _asked(drill, rng)
    values = dict(params)
    for step in drill.steps:
        values[step.name] = expr.evaluate(step.expr, values)
    answer = _number(expr.evaluate(answer_expr, values), "the answer")
    values["answer"] = answer
    steps = [(s.name, values[s.name], fill(s.text, values)) for s in drill.steps if s.text.strip()]
    if closing:
        steps.append(("answer", answer, fill(closing, values)))
    mistakes = [
        (_number(expr.evaluate(m.expr, values), f"mistake {m.expr!r}"), fill(m.hint, values))
        for m in mistake_specs
    ]
    return Instance(
        drill=drill,
        seed=seed,
        params=params,
        values=values,
        question=fill(question, values),
        answer=answer,
        steps=steps,
        mistakes=mistakes,
        variant=variant,
    )


def relative_gap(given: float, expected: float) -> float:
    """|given - expected| relative to |expected| (absolute when expected is 0)."""
    scale = abs(expected)
    return abs(given - expected) / scale if scale > 0 else abs(given)


def _check_instance(instance: Instance, problems: list[str], where: str) -> list[bool]:
    drill = instance.drill
    if drill.answer.kind in POSITIVE_KINDS and instance.answer <= 0:
        problems.append(f"{where}: answer {instance.answer} should be positive")
    for name, value, _ in instance.steps:
        numbers = expr.flat(value) if isinstance(value, list) else [value]
        if not all(expr.is_number(v) and math.isfinite(v) for v in numbers):
            problems.append(f"{where}: step {name} = {value!r} is not finite")
    tolerance = max(drill.answer.tolerance, MISTAKE_TOLERANCE)
    return [relative_gap(value, instance.answer) > tolerance for value, _ in instance.mistakes]


def validate_drill(drill: Drill, seeds: range = VALIDATION_SEEDS) -> list[str]:
    """Problems of one drill over many seeds: formulas, templates, signs, mistakes."""
    problems: list[str] = []
    drawn: Counter[str | None] = Counter()
    differs: Counter[tuple[str | None, int]] = Counter()
    for seed in seeds:
        where = f"drill {drill.path.name} (seed {seed})"
        try:
            instance = generate(drill, seed)
        except MldrillsError as exc:
            return [str(exc)]
        drawn[instance.variant] += 1
        for i, apart in enumerate(_check_instance(instance, problems, where)):
            differs[instance.variant, i] += apart
    for variant, times in drawn.items():
        count = len(instance_mistakes(drill, variant))
        for i in range(count):
            if differs[variant, i] < MISTAKE_SHARE * times:
                label = f"variant {variant!r}: " if variant else ""
                problems.append(
                    f"drill {drill.path.name}: {label}mistakes[{i}] equals the answer for "
                    f"{times - differs[variant, i]} of {times} seeds, so its hint rarely fires"
                )
    return problems[:20]


def instance_mistakes(drill: Drill, variant: str | None) -> tuple[Mistake, ...]:
    """The mistakes that apply when ``variant`` (or no variant) is asked."""
    for v in drill.variants:
        if v.name == variant:
            return v.mistakes
    return drill.mistakes


def validate_drills(root: Path | str | None = None) -> list[str]:
    """Every problem of every drill under ``<root>/drills`` (empty when all are sound)."""
    drills = DrillSet(root)
    problems: list[str] = []
    for slug in drills.slugs:
        try:
            drill = drills.get(slug)
        except PackError as exc:
            problems.append(str(exc))
            continue
        problems.extend(validate_drill(drill))
    return problems
