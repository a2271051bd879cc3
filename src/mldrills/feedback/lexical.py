"""The lexical layer: does a sentence state a rubric point, negate it, or state a wrong claim?"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from mldrills.content.rubric import RubricPoint
from mldrills.feedback import text as tx

# A sentence restates a paraphrase (``also``) or a term-less point when it carries this
# share of its content words; a clause states a wrong claim from this share on.
ALSO_OVERLAP = 0.75
WRONG_OVERLAP = 0.8


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer, tokenised once."""

    text: str
    stems: tuple[str, ...]
    segments: tuple[tuple[str, ...], ...]  # stems of each part, when the sentence turns
    clauses: tuple[tuple[str, tuple[str, ...], bool], ...] = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> Sentence:
        """Tokenise ``text`` and its clauses (stems, whether a clause names a subject)."""
        stems = tuple(t.stem for t in tx.tokenize(text))
        parts = []
        for clause in tx.clauses(text):
            tokens = tx.tokenize(clause)
            parts.append((clause, tuple(t.stem for t in tokens), _names(tokens)))
        pieces = tx.segments(text)
        segs = tuple(tuple(t.stem for t in tx.tokenize(p)) for p in pieces)
        return cls(text, stems, segs if len(segs) > 1 else (), tuple(parts))


def _names(tokens: list[tx.Token]) -> bool:
    return any(t.capitalised for t in tokens)


@dataclass(frozen=True)
class Verdict:
    """What the lexical layer found for one point in one sentence."""

    coverage: float  # share of term groups mentioned (1.0: all)
    negated: bool  # all groups mentioned but the sentence says the opposite
    paraphrase: bool  # restates the point or one of its ``also`` sentences


@lru_cache(maxsize=4096)
def _all_terms(point: RubricPoint) -> tuple[tuple[str, ...], ...]:
    return tuple(tx.term_stems(t) for group in point.terms for t in group)


@lru_cache(maxsize=4096)
def _point_polarity(point: RubricPoint) -> bool:
    """True when the point itself is stated positively around its terms."""
    stems = tuple(t.stem for t in tx.tokenize(point.point))
    return not _negated(stems, point)


def _negated(stems: tuple[str, ...], point: RubricPoint) -> bool:
    spans = []
    for group in point.terms:
        found = [s for s in (tx.find_term(stems, tx.term_stems(t)) for t in group) if s]
        if found:
            spans.append(min(found))
    if not spans:
        return False
    skip = tx.term_tokens(stems, _all_terms(point))
    whole = (min(a for a, _ in spans), max(b for _, b in spans))
    return tx.negated(stems, whole, skip)


@lru_cache(maxsize=4096)
def _paraphrase_stems(point: RubricPoint) -> tuple[tuple[tuple[str, ...], bool], ...]:
    texts = ([point.point] if not point.terms else []) + list(point.also)
    return tuple((tuple(tx.content_stems(t)), tx.polarity(t)) for t in texts)


def judge_sentence(sentence: Sentence, point: RubricPoint) -> Verdict:
    """Check one sentence (whole, then each part) against a point's terms and negation."""
    best = Verdict(0.0, False, False)
    for stems in (sentence.stems, *sentence.segments):
        verdict = _judge_stems(stems, point)
        if verdict.paraphrase or (verdict.coverage == 1.0 and not verdict.negated):
            return verdict
        if verdict.coverage > best.coverage:
            best = verdict
    return best


def _judge_stems(stems: tuple[str, ...], point: RubricPoint) -> Verdict:
    spans: list[tuple[int, int]] = []
    for group in point.terms:
        for term in group:
            span = tx.find_term(stems, tx.term_stems(term))
            if span:
                spans.append(span)
                break
    coverage = len(spans) / len(point.terms) if point.terms else 0.0
    negated = False
    if point.terms and len(spans) == len(point.terms):
        negated = _negated(stems, point) == _point_polarity(point)
    paraphrase = False
    for needed, positive in _paraphrase_stems(point):
        if len(needed) >= 2 and tx.overlap(needed, stems) >= ALSO_OVERLAP:
            paraphrase = _stems_polarity(stems) == positive
            if paraphrase:
                break
    return Verdict(coverage, negated, paraphrase)


def _stems_polarity(stems: tuple[str, ...]) -> bool:
    return sum(1 for s in stems if s in tx.NEGATIONS) % 2 == 0


@lru_cache(maxsize=4096)
def _subject_stems(point: RubricPoint) -> tuple[tuple[str, ...], ...]:
    return tuple(tx.term_stems(t) for t in point.terms[0]) if point.terms else ()


@lru_cache(maxsize=4096)
def _wrong_stems(
    point: RubricPoint,
) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], bool], ...]:
    """Per wrong claim: its content stems, those the point never uses, its polarity."""
    said = set(tx.content_stems(" ".join((point.point, *point.also))))
    said.update(s for t in _all_terms(point) for s in t)
    out = []
    for claim in point.wrong:
        needed = tuple(tx.content_stems(claim))
        distinct = tuple(s for s in needed if s not in said)
        out.append((claim, needed, distinct, tx.polarity(claim)))
    return tuple(out)


def mentions_subject(stems: tuple[str, ...], point: RubricPoint) -> bool:
    """Whether ``stems`` name the point's subject (a term of its first group)."""
    return any(tx.find_term(stems, s) for s in _subject_stems(point))


def wrong_claim(sentence: Sentence, point: RubricPoint) -> str | None:
    """The wrong claim of ``point`` this sentence states, if any.

    Checked per clause. A wrong claim that differs from the point only in how its words
    relate ("LayerNorm normalises each feature over the batch") counts only in a clause
    about the point's subject, so "BatchNorm averages over the batch, LayerNorm over
    features" is not held against LayerNorm; one with words of its own ("L1 shrinks
    weights smoothly", for an L2 point) counts wherever those words appear.
    """
    about_point = not point.terms or mentions_subject(sentence.stems, point)
    for claim, needed, distinct, positive in _wrong_stems(point):
        if len(needed) < 2:
            continue
        for clause, stems, names in sentence.clauses:
            if tx.overlap(needed, stems) < WRONG_OVERLAP or tx.polarity(clause) != positive:
                continue
            if distinct:
                if tx.overlap(distinct, stems) == 1:
                    return claim
            elif about_point and not (names and point.terms and not mentions_subject(stems, point)):
                return claim
    return None
