"""Lexical tools for free-text answers: sentences, clauses, stems, term groups, negation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

# Abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|vs|etc|approx|cf|resp)\.", re.IGNORECASE)
# A dash or star is a bullet only at the start of a line: inside a sentence it is an
# operator or an aside ("X^T (p - y) / n", "the rest - about 10% - is padding").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+\s*(?:[-*•]\s|\d+[.)]\s)?\s*|\s+•\s+")
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"),
)
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# Words that mark the start of a clause about something else.
CONTRAST = frozenset({"but", "whereas", "while", "unlike", "however", "although", "instead"})
NEGATION_WORDS = ("not", "no", "never", "neither", "nor", "none", "nothing", "nobody", "nowhere")
_STOPWORD_TEXT = (
    "a an the of to in on for by with at from as is are was were be been being it its this "
    "that these those and or so than then there their they them which who whom what when "
    "where how each every any all some can could will would should may might must do does "
    "did has have had into over across per up out about also just very more most much many "
    "one two we you your our i he she his her itself such only same other another"
)
_STOPWORD_WORDS = frozenset(_STOPWORD_TEXT.split())
_BRITISH = (
    (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"yse"), "yze"),
)
# (suffix, replacement): normalization/normalize and exponentiation/exponentiate meet.
_SUFFIXES = (
    ("izations", "iz"),
    ("ization", "iz"),
    ("ations", "at"),
    ("ation", "at"),
    ("ings", ""),
    ("ing", ""),
    ("ies", "y"),
    ("es", ""),
    ("ed", ""),
    ("ly", ""),
    ("s", ""),
)


@dataclass(frozen=True)
class Token:
    """One word of a sentence: its stem and where it sits in the original text."""

    stem: str
    start: int
    end: int
    capitalised: bool


def split_sentences(text: str) -> list[str]:
    """Split an answer into sentences (and list items), dropping empty pieces."""
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    parts = _SENTENCE_END.split(protected)
    out = []
    for part in parts:
        piece = re.sub(r"^[-*•]\s+", "", part.replace("\x00", ".").strip()).strip()
        if re.search(r"[A-Za-z0-9]", piece):
            out.append(piece)
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, deterministic stem: enough to match normalise/normalizes/normalization."""
    w = word.lower()
    for pattern, repl in _BRITISH:
        w = pattern.sub(repl, w)
    if len(w) <= 3 or w.isdigit():
        return w
    for suffix, replacement in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w[-2] in "suia":
                break  # bias, loss, focus, analysis: the s is part of the word
            w = w[: -len(suffix)] + replacement
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


# Tokens are compared as stems, so the word lists hold stems too ("nothing" -> "noth").
NEGATIONS = frozenset(stem(w) for w in NEGATION_WORDS)
# Verbs that carry a negation of their own: "ignores calibration" says what "says nothing
# about calibration" says, "prevents overflow" what "nothing overflows" says.
IMPLICIT_NEGATIONS = frozenset(stem(w) for w in ("ignores", "prevents", "avoids", "stops", "lacks"))
STOPWORDS = _STOPWORD_WORDS | frozenset(stem(w) for w in _STOPWORD_WORDS)

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")

BOUNDARY = "|"  # stands for , ; : ( ) so negation and phrases stop at clause edges


def tokenize(text: str) -> list[Token]:
    """Stemmed tokens of ``text`` with negations spelled out (doesn't -> does not).

    Clause punctuation becomes a ``BOUNDARY`` token.
    """
    out: list[Token] = []
    # Superscript digits are digits ("T²" is "T2", as "T^2" joins to): one character each,
    # so token positions still point into ``text``.
    text = text.translate(_SUPERSCRIPTS)
    for m in re.finditer(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?(?:\.[0-9]+)?|[,;:()]", text):
        word = m.group(0)
        if word in ",;:()":
            out.append(Token(BOUNDARY, m.start(), m.end(), False))
            continue
        expanded = word.lower()
        for pattern, repl in _CONTRACTIONS:
            expanded = pattern.sub(repl, expanded)
        caps = any(c.isupper() for c in word[1:]) or (word[0].isupper() and m.start() > 0)
        for piece in expanded.replace("'", " ").split():
            out.append(Token(stem(piece), m.start(), m.end(), caps))
    return out


@lru_cache(maxsize=16384)
def term_stems(term: str) -> tuple[str, ...]:
    """Stems of a rubric term (a word or a short phrase)."""
    return tuple(t.stem for t in tokenize(term))


def _close(a: str, b: str) -> bool:
    # Typos in long words count ("normalisaton"); short words must match exactly.
    if a == b:
        return True
    if min(len(a), len(b)) < 6:
        return False
    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def term_tokens(stems: Sequence[str], terms: Sequence[Sequence[str]]) -> set[int]:
    """Indices of every token that belongs to an occurrence of any of ``terms``."""
    covered: set[int] = set()
    for term in terms:
        rest = 0
        while rest < len(stems):
            span = find_term(stems[rest:], term)
            if span is None:
                break
            covered.update(range(rest + span[0], rest + span[1]))
            rest += span[1]
    return covered


def find_term(stems: Sequence[str], term: Sequence[str]) -> tuple[int, int] | None:
    """Where the stemmed ``term`` occurs in ``stems`` as (start, end) token indices.

    A phrase may also appear written as one word or hyphenated ("layer norm" matches
    "layernorm" and "layer-norm").
    """
    n = len(term)
    if n == 0:
        return None
    for i in range(len(stems) - n + 1):
        if all(_close(stems[i + k], term[k]) for k in range(n)):
            return i, i + n
    joined = "".join(term)
    for width in (1, 2, 3):
        if width == n:
            continue
        for i in range(len(stems) - width + 1):
            if _close(stem("".join(stems[i : i + width])), stem(joined)):
                return i, i + width
    return None


def negated(stems: Sequence[str], span: tuple[int, int], skip: set[int]) -> bool:
    """Whether an odd number of negations sits in the clause around ``span``.

    ``skip`` holds token indices that belong to matched terms (a term such as "not
    depend" carries its own negation and must not flip the polarity).
    """
    lo, hi = span
    # Negations come before the words they negate ("does not normalise over the batch");
    # one after the last term usually belongs to the next claim ("..., not the batch").
    start = max(0, lo - 4)
    for i in range(lo - 1, start - 1, -1):
        if stems[i] in CONTRAST or stems[i] == BOUNDARY:
            start = i + 1
            break
    end = hi
    count = sum(1 for i in range(start, end) if i not in skip and stems[i] in NEGATIONS)
    return count % 2 == 1


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (stopwords and negations removed)."""
    return [
        t.stem
        for t in tokenize(text)
        if t.stem not in STOPWORDS and t.stem not in NEGATIONS and t.stem != BOUNDARY
    ]


def overlap(needed: Sequence[str], have: Sequence[str]) -> float:
    """Share of ``needed`` stems found (allowing a typo) among ``have``."""
    if not needed:
        return 0.0
    found = sum(1 for s in needed if any(_close(s, h) for h in have))
    return found / len(needed)


def ordered_overlap(needed: Sequence[str], have: Sequence[str]) -> float:
    """Share of ``needed`` stems found among ``have`` in the same order (a longest common
    subsequence): "TP over TP plus FN" does not match "TP plus FN over TP"."""
    if not needed:
        return 0.0
    row = [0] * (len(have) + 1)
    for s in needed:
        prev_diag = 0
        for j, h in enumerate(have, start=1):
            keep = row[j]
            row[j] = prev_diag + 1 if _close(s, h) else max(row[j], row[j - 1])
            prev_diag = keep
    return row[-1] / len(needed)


def polarity(text: str) -> bool:
    """True when ``text`` is stated positively (an even number of negations)."""
    return sum(1 for t in tokenize(text) if t.stem in NEGATIONS) % 2 == 0


def segments(sentence: str) -> list[str]:
    """Split a sentence where it turns to another subject (semicolons, contrast words)."""
    pieces = re.split(
        r";|\s(?=(?:but|whereas|while|unlike|however|although|instead)\b)",
        sentence,
        flags=re.IGNORECASE,
    )
    return [p.strip() for p in pieces if p and re.search(r"[A-Za-z0-9]", p)]
