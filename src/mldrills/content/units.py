"""Quantities in drill answers: parse "1.5 GiB", "3e9", "$4,200", "45 ms"; format values.

Every drill answer has a *kind* (bytes, flops, count, number, ratio, seconds, dollars)
and is computed in that kind's base unit (bytes, FLOPs, 1, a fraction, seconds, US
dollars). A learner may write any unit of the same kind; a unit of another kind is an
error. Rules a learner needs to know (also in docs/knowledge.md):

- ``B`` after a number is bytes when the answer is a size, and "billion" otherwise
  ("3B" tokens); ``KB/MB/GB/TB`` are powers of 1000, ``KiB/MiB/GiB/TiB`` powers of 1024;
  ``Kb/Mb/Gb/Tb`` and ``bit`` are bits (an eighth of a byte).
- A bare number is read in the drill's display unit ("1.5" for a GiB answer is 1.5 GiB),
  except for ratios, where a bare number is a fraction ("0.12"; "12%" is the same).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from mldrills.errors import InvalidInput

KINDS = ("bytes", "flops", "count", "number", "ratio", "seconds", "dollars")
KIND_NAMES = {
    "bytes": "a size in bytes",
    "flops": "a number of floating-point operations",
    "count": "a count",
    "number": "a plain number",
    "ratio": "a fraction or percentage",
    "seconds": "a duration",
    "dollars": "an amount of money",
}


@dataclass(frozen=True)
class Unit:
    """A unit of one kind: ``factor`` base units in one of it."""

    name: str
    kind: str
    factor: float


def _table() -> dict[str, Unit]:
    units: list[Unit] = [Unit("B", "bytes", 1), Unit("bit", "bytes", 1 / 8)]
    for power, prefix in enumerate("KMGTPE", start=1):
        units.append(Unit(f"{prefix}B", "bytes", 1000.0**power))
        units.append(Unit(f"{prefix}iB", "bytes", 1024.0**power))
        units.append(Unit(f"{prefix}b", "bytes", 1000.0**power / 8))
        units.append(Unit(f"{prefix}bit", "bytes", 1000.0**power / 8))
    units.append(Unit("kB", "bytes", 1000.0))
    for power, prefix in enumerate(["", "k", "M", "G", "T", "P", "E", "Z", "Y"]):
        units.append(Unit(f"{prefix}FLOPs", "flops", 1000.0**power))
    units += [
        Unit("ns", "seconds", 1e-9),
        Unit("µs", "seconds", 1e-6),
        Unit("ms", "seconds", 1e-3),
        Unit("s", "seconds", 1.0),
        Unit("min", "seconds", 60.0),
        Unit("h", "seconds", 3600.0),
        Unit("days", "seconds", 86400.0),
        Unit("$", "dollars", 1.0),
        Unit("%", "ratio", 0.01),
    ]
    return {u.name: u for u in units}


UNITS = _table()
ALIASES = {
    "byte": "B",
    "bytes": "B",
    "bits": "bit",
    "kb": "KB",
    "mb": "MB",
    "gb": "GB",
    "tb": "TB",
    "pb": "PB",
    "kib": "KiB",
    "mib": "MiB",
    "gib": "GiB",
    "tib": "TiB",
    "pib": "PiB",
    "us": "µs",
    "μs": "µs",
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "day": "days",
    "usd": "$",
    "dollar": "$",
    "dollars": "$",
    "percent": "%",
    "pct": "%",
}
for _name in list(UNITS):
    if _name.endswith("FLOPs"):
        _p = _name[:-5]
        for _variant in ("FLOP", "FLOPS", "flop", "flops", "FLOPs"):
            ALIASES.setdefault(_p + _variant, _name)
COUNT_WORDS = frozenset(
    {
        "token", "tokens", "param", "params", "parameter", "parameters",
        "sample", "samples", "user", "users", "request", "requests",
        "prediction", "predictions", "item", "items", "example", "examples",
    }
)  # fmt: skip
MULTIPLIERS = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "K": 1e3,
    "M": 1e6,
    "bn": 1e9,
    "B": 1e9,
    "T": 1e12,
}
_NUMBER = re.compile(
    r"""^(?P<sign>[-+−])?\s*(?P<dollar>\$)?\s*
    (?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)
    (?:[eE](?P<exp>[-+]?\d+)|\s*[x×*·]\s*10\s*\^\s*(?P<pow>[-+]?\d+))?
    \s*(?P<rest>.*)$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class Quantity:
    """A parsed answer: its value in the kind's base unit and the unit it was written in."""

    value: float
    unit: str | None
    text: str


def lookup(name: str) -> Unit | None:
    """The unit spelled ``name`` (exactly, or by a known alias), or None."""
    unit = UNITS.get(name) or UNITS.get(ALIASES.get(name, ""))
    return unit or UNITS.get(ALIASES.get(name.lower(), ""))


def _unit_and_multiplier(rest: str, kind: str) -> tuple[float, Unit | None]:
    """Split what follows the number into a multiplier and a unit (either may be absent)."""
    rest = rest.strip().rstrip(".").strip()
    if not rest:
        return 1.0, None
    if kind == "bytes" and rest == "B":
        return 1.0, UNITS["B"]
    if kind != "bytes" and rest in MULTIPLIERS:
        return MULTIPLIERS[rest], None
    if (unit := lookup(rest)) is not None:
        return 1.0, unit
    if kind == "count" and rest.lower() in COUNT_WORDS:
        return 1.0, None
    for word in sorted(MULTIPLIERS, key=len, reverse=True):
        if rest.startswith(word) and word != rest:
            after = rest[len(word) :].strip()
            factor, unit = _unit_and_multiplier(after, kind)
            if after and (unit is not None or (kind == "count" and factor == 1.0)):
                return MULTIPLIERS[word] * factor, unit
    raise InvalidInput(
        f"cannot read the unit {rest!r}",
        hint="write a number with an optional unit, e.g. 1.5 GiB, 3e9, 3 billion, 12%, "
        "$4,200, 45 ms",
    )


def _unit_hint(kind: str, display_unit: str | None) -> str:
    if kind == "ratio":
        return "write a percentage (12%) or a fraction (0.12)"
    unit = display_unit or base_unit(kind)
    return f"write the answer in {unit}, or a bare number" if unit else "write a plain number"


def parse(text: str, kind: str, display_unit: str | None = None) -> Quantity:
    """Read an answer of ``kind``; a bare number is in ``display_unit`` (ratios: a fraction)."""
    cleaned = text.strip().lstrip("~≈").strip()
    match = _NUMBER.match(cleaned)
    if match is None:
        raise InvalidInput(
            f"not a number: {text.strip()[:60]!r}",
            hint="e.g. 1.5 GiB, 1536 MiB, 3e9, 3 billion, 12%, 0.12, $4,200, 45 ms",
        )
    # float() of "<digits>e<exponent>" gives inf or 0 for absurd exponents, never an error.
    exponent = match["exp"] if match["exp"] is not None else match["pow"] or "0"
    value = float(f"{match['num'].replace(',', '')}e{exponent}")
    if match["sign"] in ("-", "−"):
        value = -value
    factor, unit = _unit_and_multiplier(match["rest"], kind)
    if match["dollar"] and unit is None:
        unit = UNITS["$"]
    value *= factor
    if unit is not None and unit.kind != kind:
        raise InvalidInput(
            f"{unit.name} measures {KIND_NAMES[unit.kind]}, but this answer is {KIND_NAMES[kind]}",
            hint=_unit_hint(kind, display_unit),
        )
    if unit is None and kind != "ratio" and display_unit and (shown := lookup(display_unit)):
        unit_factor = shown.factor
    else:
        unit_factor = unit.factor if unit is not None else 1.0
    result = value * unit_factor
    if not math.isfinite(result):
        raise InvalidInput(f"not a finite number: {text.strip()[:60]!r}")
    return Quantity(result, unit.name if unit is not None else None, text.strip())


def base_unit(kind: str) -> str:
    """The unit a kind's values are computed in ("" for plain numbers and counts)."""
    return {"bytes": "B", "flops": "FLOPs", "seconds": "s", "dollars": "$", "ratio": "%"}.get(
        kind, ""
    )


def plain(value: float, digits: int = 4) -> str:
    """``value`` with about ``digits`` significant figures, thousands separated, no exponent
    for ordinary magnitudes (1e-4 to 1e15), else scientific notation like 6.3e21."""
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if value == 0 or not math.isfinite(value):
        return str(value)
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude >= 15 or magnitude < -4:
        mantissa, exponent = f"{value:.{digits - 1}e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    decimals = max(digits - 1 - magnitude, 0)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def show(value: float, unit: str | None, digits: int = 4) -> str:
    """``value`` (in base units) converted to ``unit`` and written with it: "1.5 GiB"."""
    found = lookup(unit) if unit else None
    if found is None:
        return plain(value, digits)
    number = plain(value / found.factor, digits)
    if found.name == "$":
        return f"-${number[1:]}" if number.startswith("-") else f"${number}"
    if found.name == "%":
        return f"{number}%"
    return f"{number} {found.name}"
