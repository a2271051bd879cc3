"""Numbers in answers and rubric terms, compared by value whatever their formatting.

"0.92", ".92" and "92%" are one value; so are "1,280" and "1280", "1e9" and "10^9", "3.5GB"
and "3.5 GB". A number is compared at the precision it is written with: "0.667" and
"2/3" both match "0.67", but "4" does not match "3.5".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from mldrills.content.rubric import RubricPoint

# A number not glued to a word before it: "pass@5", "top-5", "fp16", "l2" and "p99" name
# things rather than state values, so they are not numbers here.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_@.^])(?<![A-Za-z]-)"
    r"(?P<int>\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u2009\u202f]\d{3})+(?![\d,.])|\d+)?"
    r"(?P<frac>\.\d+)?"
    r"(?:\s*(?:[eE](?P<exp>[+-]?\d+)|[x×*]\s*10\s*\^\s*\{?(?P<exp10>[+-]?\d+)\}?))?"
    r"(?:\s*/\s*(?P<den>\d+(?:\.\d+)?)(?![\d.]))?"
    r"(?P<pct>\s*%)?"
    r"(?P<mag>[kKMB](?![A-Za-z])|\s*(?:thousand|million|billion)\b)?"
)
_NUMBER_OR_POWER = re.compile(r"\d+(?:[.,]\d+)*(?:[eE][+-]?\d+)?")
_MAGNITUDES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9}
# A power of a number: "10^9", "0.99^100", "2^{30}".
_POWER = re.compile(
    r"(?<![A-Za-z0-9_.])(?P<base>\d+(?:\.\d+)?)\s*\^\s*\{?(?P<exp>[+-]?\d{1,3})\}?(?![\d.])"
)
WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "hundred": 100,
    "thousand": 1000, "million": 1e6, "billion": 1e9,
}  # fmt: skip
_WORD = re.compile(r"\b(" + "|".join(WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A value and the half-width of the interval its written precision allows."""

    value: float
    slack: float

    def matches(self, other: Number) -> bool:
        """Whether the two agree at the coarser of their two precisions, as long as that
        keeps about two significant figures ("0.67" is "0.667", but "1" is not "0.63")."""
        coarse = max(self.slack, other.slack)
        if coarse > 0.05 * max(abs(self.value), abs(other.value)):
            coarse = min(self.slack, other.slack)
        return abs(self.value - other.value) < coarse * (1 - 1e-9)


def _parse(found: re.Match[str]) -> list[Number]:
    whole, frac = found.group("int"), found.group("frac")
    if not whole and not frac:
        return []
    digits = re.sub(r"[, \u2009\u202f]", "", whole or "0") + (frac or "")
    decimals = len(frac) - 1 if frac else 0
    exp = found.group("exp") or found.group("exp10")
    power = int(exp) if exp else 0
    value = float(digits) * 10.0**power
    slack = 0.5 * 10.0 ** (power - decimals)
    magnitude = found.group("mag")
    if magnitude:
        scale = _MAGNITUDES[magnitude.strip().lower()]
        return [Number(value * scale, slack * scale), Number(value, slack)]
    den = found.group("den")
    if den and float(den) != 0:
        # An exact fraction ("2/3") is as precise as any decimal written for it.
        return [Number(value / float(den), 1e-12), Number(value, slack)]
    if found.group("pct"):
        return [Number(value / 100, slack / 100), Number(value, slack)]
    if frac and value < 1 and not exp:
        # "0.92" also reads as the percentage 92
        return [Number(value, slack), Number(value * 100, slack * 100)]
    return [Number(value, slack)]


@lru_cache(maxsize=65536)
def placed(text: str) -> tuple[tuple[int, tuple[Number, ...]], ...]:
    """Each number written in digits in ``text``: where it starts, and its readings."""
    out: list[tuple[int, tuple[Number, ...]]] = []
    scientific: set[int] = set()  # "3 x 10^9" is one number, not 3 and 10^9
    for found in _NUMBER.finditer(text):
        if found.group("exp10"):
            scientific.update(range(found.start(), found.end()))
    covered: set[int] = set()
    for found in _POWER.finditer(text):
        if found.start() in scientific:
            continue
        value = float(found.group("base")) ** int(found.group("exp"))
        exact = "." not in found.group("base")  # 10^9 is exact; 0.99^100 is to 3 figures
        slack = 0.5 if exact and value >= 1 else abs(value) * 0.005
        out.append((found.start(), (Number(value, slack),)))
        covered.update(range(found.start(), found.end()))
    for found in _NUMBER.finditer(text):
        stated = found.group("int") or found.group("frac")
        if stated and found.start() not in covered:
            out.append((found.start(), tuple(_parse(found))))
    return tuple(sorted(out, key=lambda item: item[0]))


def written(text: str) -> tuple[tuple[Number, ...], ...]:
    """Each number written in digits in ``text`` with its readings (0.92 also reads 92)."""
    return tuple(readings for _, readings in placed(text))


@lru_cache(maxsize=65536)
def numbers(text: str) -> tuple[Number, ...]:
    """Every number written in ``text`` (digits, powers, small number words)."""
    out = [n for readings in written(text) for n in readings]
    out.extend(Number(float(WORDS[w.group(1).lower()]), 0.5) for w in _WORD.finditer(text))
    return tuple(out)


def states_term(text: str, term: str) -> bool:
    """Whether ``text`` states every number of a figure term ("1 - 0.99^100": 1 and 0.366)."""
    return bool(where_stated(text, term))


def where_stated(text: str, term: str) -> tuple[int, ...]:
    """Where in ``text`` a figure term is stated (the offsets of its first number), or ()
    when some number of the term is missing."""
    readings = written(term)
    if not readings or not all(mentions(text, r) for r in readings[1:]):
        return ()
    return tuple(
        start
        for start, values in placed(text)
        if any(_scaled(w, k).matches(n) for n in values for w in readings[0] for k in _SCALES)
    )


def unit_words(term: str) -> str:
    """The words of a figure term other than its numbers ("kib" of "512 kib")."""
    words = re.findall(r"[A-Za-z]+", _NUMBER_OR_POWER.sub(" ", term))
    return " ".join(w for w in words if w.lower() not in WORDS and w.lower() not in _MAGNITUDES)


def has_digits(text: str) -> bool:
    """Whether ``text`` states a number in digits (labels like "fp16" do not count)."""
    return any(found.group("int") or found.group("frac") for found in _NUMBER.finditer(text))


_SCALES = (1.0, 1e3, 1e6, 1e9)


def mentions(text: str, wanted: tuple[Number, ...]) -> bool:
    """Whether ``text`` states one of the ``wanted`` values; a wanted value may be meant in
    thousands, millions or billions ("$460,000" states a term written "460" for "460K")."""
    return any(
        _scaled(w, scale).matches(n) for n in numbers(text) for w in wanted for scale in _SCALES
    )


def _scaled(number: Number, scale: float) -> Number:
    # The slack is not scaled: "1" is not "1,000" give or take 500.
    return Number(number.value * scale, number.slack)


def is_figure(term: str) -> bool:
    """A term that states a value, with at most a unit ("1,280", "8 gib", "ln 2"); not a
    formula over variables ("p(1-p)", "n - 1", "8c^2")."""
    units = unit_words(term).split()
    return has_digits(term) and all(len(word) > 1 for word in units)


def is_numeric_group(group: tuple[str, ...]) -> bool:
    """A term group whose every synonym states a value ("1280", "1,280", "8 gib")."""
    return bool(group) and all(is_figure(term) for term in group)


@lru_cache(maxsize=4096)
def key_numbers(point: RubricPoint) -> tuple[Number, ...]:
    """The values a sentence must state to make ``point``: its numeric term groups' values,
    or, for a point with no such group, the numbers in its own sentence."""
    groups = [g for g in point.terms if is_numeric_group(g)]
    if groups:
        return tuple(n for g in groups for term in g for n in numbers(term))
    # Number words in a point ("two thirds", "one pass") are wording, and a number after a
    # label ("Stage 1", "step 2") names a thing: neither is a figure to check.
    text = _LABELLED.sub(" ", point.point)
    return tuple(n for readings in written(text) for n in readings)


_LABELLED = re.compile(
    r"\b(?:[A-Z][A-Za-z]*|stage|step|phase|level|type|version|layer|rank|class|tier|round|"
    r"part|option|case|rule|epoch|block|head|node|gpu)[\s-]+\d+\b"
)
