"""Clauses of a sentence, each with the subject it names and whether it is asserted.

"BatchNorm normalises each feature over the batch and LayerNorm normalises each token"
holds two claims about two subjects; "... over each token rather than over the batch"
asserts the first half and denies the second. The grader checks claims clause by clause,
and a clause that names no subject of its own ("TP+FP", "and divides by the std") is
about the subject of the clause before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mldrills.feedback import text as tx

# Where a sentence turns to another claim.
_TURN = r"but|whereas|while|unlike|however|although|rather than|instead of|instead"
_SPLIT = re.compile(rf"[;,:()]|\s(?=(?:{_TURN})\b)", re.IGNORECASE)
# A clause opened by one of these states what is denied, not what is claimed.
_DENIED = re.compile(r"^(?:rather than|instead of)\b", re.IGNORECASE)
# Words a clause may open with before its subject.
_LEAD = frozenset(
    [
        "and",
        "but",
        "whereas",
        "while",
        "unlike",
        "however",
        "although",
        "rather",
        "than",
        "instead",
        "of",
        "so",
        "then",
        "thus",
        "the",
        "a",
        "an",
        "its",
        "their",
        "this",
        "that",
        "these",
        "those",
        "also",
        "both",
        "whilst",
        "here",
        "there",
        "it",
    ]
)
# Verbs that follow a subject: enough to see "recall is ..." or "LayerNorm normalises ...".
_COPULAS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "does",
        "do",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "must",
        "means",
        "equals",
        "gives",
        "uses",
        "needs",
        "keeps",
        "makes",
        "fits",
        "measures",
        "counts",
        "tests",
        "computes",
        "holds",
        "stores",
        "divides",
    ]
)
# Words ending in s that are not verbs after a subject.
_NOT_VERBS = frozenset(
    [
        "plus",
        "minus",
        "times",
        "its",
        "this",
        "thus",
        "was",
        "has",
        "does",
        "is",
        "as",
        "us",
        "bias",
        "loss",
    ]
)


@dataclass(frozen=True)
class Clause:
    """One clause: its text, stems, the stems of the subject it names, and its polarity."""

    text: str
    stems: tuple[str, ...]
    subject: tuple[str, ...]  # empty: names no subject of its own
    positive: bool  # asserted (an even number of negations, not opened by "rather than")
    denied: bool = False  # opened by "rather than" / "instead of"


def as_negation(clause: Clause) -> str:
    """A denied clause written as the negation it is ("rather than B" -> "not B")."""
    return _DENIED.sub("not", clause.text, count=1) if clause.denied else clause.text


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][\w'./+^-]*", text)


def _verb(word: str, right_after: bool) -> bool:
    """A verb cue; a word in -s counts only right after a one-word subject ("LayerNorm
    normalises"), since elsewhere it is usually a plural ("the keys and values")."""
    low = word.lower()
    if low in _COPULAS:
        return True
    if not right_after:
        return False
    return low.endswith("s") and not low.endswith(("ss", "us", "is")) and low not in _NOT_VERBS


def _starts_claim(words: list[str]) -> bool:
    """Whether ``words`` open a new claim with its own subject: "LayerNorm normalises"."""
    rest = [w for w in words if w.lower() not in _LEAD]
    return len(rest) >= 3 and any(_verb(w, k == 1) for k, w in enumerate(rest[:3]) if k)


def _split_and(piece: str) -> list[str]:
    """Split at "and" when both sides are claims of their own, not at "mean and variance"."""
    parts = re.split(r"\s+and\s+", piece, flags=re.IGNORECASE)
    if len(parts) == 1:
        return [piece]
    out = [parts[0]]
    for part in parts[1:]:
        if len(_words(out[-1])) >= 3 and _starts_claim(_words(part)):
            out.append("and " + part)
        else:
            out[-1] = f"{out[-1]} and {part}"
    return out


def split_clauses(sentence: str) -> list[str]:
    """Clauses at punctuation, contrast words and coordinating "and"."""
    out: list[str] = []
    for piece in _SPLIT.split(sentence):
        if piece and re.search(r"[A-Za-z0-9]", piece):
            out.extend(p.strip() for p in _split_and(piece.strip()))
    return out


def subject_of(clause: str) -> tuple[str, ...]:
    """Stems of the subject ``clause`` names: the words before a verb such as "is" or "fits",
    or a name it opens with ("BatchNorm ..."); empty when it has none of its own."""
    tokens = [t for t in tx.tokenize(clause) if t.stem != tx.BOUNDARY]
    words = [clause[t.start : t.end] for t in tokens]
    i = 0
    while i < len(words) and words[i].lower() in _LEAD:
        i += 1
    if i < len(words) and not words[i][0].isalpha():
        return ()  # "288 bytes = 512 KiB": a figure, not a subject
    for k in range(i + 1, min(i + 4, len(words))):
        if words[k].lower() in _COPULAS:
            return tuple(t.stem for t in tokens[i:k] if t.stem not in tx.STOPWORDS)
    if i < len(tokens) and tokens[i].capitalised and len(words) - i >= 3:
        return (tokens[i].stem,)
    return ()


def parse(sentence: str) -> tuple[Clause, ...]:
    """The clauses of ``sentence`` with their subjects and polarity."""
    out: list[Clause] = []
    for text in split_clauses(sentence):
        stems = tuple(t.stem for t in tx.tokenize(text))
        denied = bool(_DENIED.match(text))
        positive = tx.polarity(text) != denied
        out.append(Clause(text, stems, subject_of(text), positive, denied))
    return tuple(out)
