"""The lexical layer: does a sentence state a rubric point, negate it, or state a wrong claim?"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from mldrills.content.rubric import RubricPoint
from mldrills.feedback import clauses as cl
from mldrills.feedback import numbers as nm
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
    segments: tuple[tuple[str, tuple[str, ...]], ...]  # text and stems of each part
    clauses: tuple[cl.Clause, ...] = field(repr=False)
    restates: bool = False  # mostly the question's own words: it cannot make a point
    subjects: tuple[tuple[str, ...], ...] = ()  # stems of the rubric's subject terms
    roles: frozenset[str] = frozenset()  # stems of what the rubric's points are about
    denies: bool = False  # part is denied ("rather than B"): judge ``segments`` ("not B")

    @classmethod
    def parse(
        cls, text: str, question: str | None = None, points: Sequence[RubricPoint] = ()
    ) -> Sentence:
        """Tokenise ``text``, its parts and clauses; note whether it restates ``question``.

        ``points`` (the whole rubric) tell which subjects a definition could be swapped
        between ("precision" and "recall").
        """
        stems = tuple(t.stem for t in tx.tokenize(text))
        pieces = tx.segments(text)
        segs = tuple((p, tuple(t.stem for t in tx.tokenize(p))) for p in pieces)
        restates = bool(question) and restates_question(text, question or "")
        subjects = tuple(s for p in points for s in _subject_stems(p))
        roles = frozenset(r for p in points for r in role(p))
        parts = cl.parse(text)
        denies = any(c.denied for c in parts)
        if denies:
            # "A rather than B" claims A and not B: judged as written that way.
            kept = " ; ".join(cl.as_negation(c) for c in parts)
            segs = ((kept, tuple(t.stem for t in tx.tokenize(kept))),)
        elif len(segs) == 1:
            segs = ()
        return cls(text, stems, segs, parts, restates, subjects, roles, denies)


def _bigrams(stems: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(stems))


@lru_cache(maxsize=1024)
def _question_words(question: str) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    stems = tx.content_stems(question)
    return frozenset(stems), frozenset(_bigrams(stems))


def restates_question(text: str, question: str) -> bool:
    """Whether ``text`` mostly repeats the question: few words and word pairs of its own."""
    stems = tx.content_stems(text)
    if not stems:
        return False
    asked = nm.numbers(question)
    if any(not any(n.matches(q) for q in asked) for n in nm.numbers(text)):
        return False  # it states a figure the question does not: an answer
    words, pairs = _question_words(question)
    new_words = sum(1 for s in stems if s not in words) / len(stems)
    own_pairs = _bigrams(stems)
    new_pairs = sum(1 for b in own_pairs if b not in pairs) / len(own_pairs) if own_pairs else 0
    return new_words <= 0.25 and new_pairs <= 0.5


@dataclass(frozen=True)
class Verdict:
    """What the lexical layer found for one point in one sentence."""

    coverage: float  # share of term groups mentioned (1.0: all)
    negated: bool  # all groups mentioned but the sentence says the opposite
    paraphrase: bool  # restates the point or one of its ``also`` sentences
    misbound: bool = False  # the terms are there, but tied to another subject or number


@lru_cache(maxsize=4096)
def _all_terms(point: RubricPoint) -> tuple[tuple[str, ...], ...]:
    return tuple(tx.term_stems(t) for group in point.terms for t in group)


@lru_cache(maxsize=4096)
def _point_polarity(point: RubricPoint) -> bool:
    """True when the point itself is stated positively around its terms."""
    stems = tuple(t.stem for t in tx.tokenize(point.point))
    return not _negated(stems, point)


def _negated(stems: tuple[str, ...], point: RubricPoint) -> bool:
    """Whether a negation sits where the point's terms are tied together: around their
    first mentions and around the shortest stretch holding them all."""
    first = _first_window(stems, point)
    if first is None:
        return False
    skip = tx.term_tokens(stems, _all_terms(point))
    if not tx.negated(stems, first, skip):
        return False
    if len(point.terms) < 2:
        return True
    window = _window(stems, point)
    return window is None or tx.negated(stems, window, skip)


def _first_window(stems: tuple[str, ...], point: RubricPoint) -> tuple[int, int] | None:
    spans = []
    for group in point.terms:
        found = [s for s in (tx.find_term(stems, tx.term_stems(t)) for t in group) if s]
        if found:
            spans.append(min(found))
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans)


def _window(stems: tuple[str, ...], point: RubricPoint) -> tuple[int, int] | None:
    """The shortest stretch holding a term of every group the sentence mentions: a term
    said twice is judged where it sits with the others ("no_grad ... p.grad")."""
    found = []
    for group in point.terms:
        spans = _occurrences(stems, group)
        if spans:
            found.append(spans)
    if not found:
        return None
    best: tuple[int, int] | None = None
    for anchor in found[0]:
        lo, hi = anchor
        for spans in found[1:]:
            near = min(spans, key=lambda s: max(hi, s[1]) - min(lo, s[0]))
            lo, hi = min(lo, near[0]), max(hi, near[1])
        if best is None or hi - lo < best[1] - best[0]:
            best = (lo, hi)
    return best


def _occurrences(stems: tuple[str, ...], group: tuple[str, ...]) -> list[tuple[int, int]]:
    out = []
    for term in group:
        rest = 0
        while rest < len(stems):
            span = tx.find_term(stems[rest:], tx.term_stems(term))
            if span is None:
                break
            out.append((rest + span[0], rest + span[1]))
            rest += span[1]
    return out


@lru_cache(maxsize=4096)
def _implicitly_negative(point: RubricPoint) -> bool:
    """Whether the point is worded with a verb that negates ("prevents", "ignores")."""
    return bool(tx.IMPLICIT_NEGATIONS & {t.stem for t in tx.tokenize(point.point)})


@lru_cache(maxsize=4096)
def _paraphrase_stems(point: RubricPoint) -> tuple[tuple[tuple[str, ...], bool], ...]:
    texts = ([point.point] if not point.terms else []) + list(point.also)
    return tuple((tuple(tx.content_stems(t)), tx.polarity(t)) for t in texts)


def _group_found(
    text: str,
    stems: tuple[str, ...],
    group: tuple[str, ...],
    point: RubricPoint | None = None,
    roles: frozenset[str] = frozenset(),
) -> bool:
    """Whether a term of ``group`` is mentioned; a group of figures is matched by value, with
    its unit ("512 kib"), and not where another point's subject owns the figure."""
    if nm.is_numeric_group(group):
        return any(
            _figure_found(text, term) and (point is None or _owner_ok(text, term, point, roles))
            for term in group
        )
    return any(tx.find_term(stems, tx.term_stems(term)) for term in group)


def _figure_found(text: str, term: str) -> bool:
    unit = nm.unit_words(term)
    if unit and not re.search(rf"(?<![A-Za-z]){re.escape(unit)}(?![A-Za-z])", text, re.I):
        return False
    return bool(nm.where_stated(text, term))


@lru_cache(maxsize=4096)
def role(point: RubricPoint) -> tuple[str, ...]:
    """What a point states a figure about: the subject of its sentence ("Precision is 0.80"),
    unless that is a word such as "answer" that names no quantity."""
    return tuple(s for s in cl.subject_of(point.point) if s not in _GENERIC)


_GENERIC = frozenset(tx.stem(w) for w in ("answer", "result", "value", "total", "number"))


def _owner_ok(text: str, term: str, point: RubricPoint, roles: frozenset[str]) -> bool:
    """Whether some place ``text`` states the figure is not owned by another point's subject:
    in "Precision 0.67, recall 0.80" the 0.80 belongs to recall, not precision."""
    own = set(role(point))
    others = roles - own
    if not own or not others:
        return True
    tokens = [t for t in tx.tokenize(text) if t.stem in roles]
    for start in nm.where_stated(text, term):
        before = [t for t in tokens if t.start < start]
        owner = before[-1] if before else next((t for t in tokens if t.start > start), None)
        if owner is None or owner.stem in own:
            return True
    return False


def states_numbers(text: str, point: RubricPoint, roles: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` states one of the figures ``point`` depends on (if it has any)."""
    groups = [g for g in point.terms if nm.is_numeric_group(g)]
    if groups:
        return all(_group_found(text, (), g, point, roles) for g in groups)
    # A figure in the point's sentence only: a paraphrase may leave it out ("a half"),
    # but a sentence that gives another figure in its place does not make the point.
    wanted = nm.key_numbers(point)
    return not wanted or not nm.written(text) or nm.mentions(text, wanted)


def judge_sentence(sentence: Sentence, point: RubricPoint) -> Verdict:
    """Check one sentence (whole, then each part) against a point's terms and negation."""
    if sentence.restates:
        return Verdict(0.0, False, False)
    best = Verdict(0.0, False, False)
    views = sentence.segments
    if not sentence.denies:
        views = ((sentence.text, sentence.stems), *views)
    for text, stems in views:
        verdict = _judge_stems(text, stems, point, sentence.roles)
        if verdict.coverage == 1.0 and (
            (_definitional(point) and _swapped(sentence, point)) or _misattributed(sentence, point)
        ):
            # "Recall is TP/(TP+FP), precision TP/(TP+FN)": every term, wrong pairing.
            verdict = Verdict(1 - 1 / len(point.terms), False, False, True)
        if verdict.paraphrase or (verdict.coverage == 1.0 and not verdict.negated):
            return verdict
        if verdict.coverage > best.coverage or (verdict.misbound and not best.misbound):
            best = verdict
    return best


def _judge_stems(
    text: str, stems: tuple[str, ...], point: RubricPoint, roles: frozenset[str] = frozenset()
) -> Verdict:
    found = sum(1 for group in point.terms if _group_found(text, stems, group, point, roles))
    coverage = found / len(point.terms) if point.terms else 0.0
    negated = False
    if point.terms and found == len(point.terms):
        if _implicitly_negative(point):
            # "ignores calibration" may be said "says nothing about calibration" or "is
            # blind to calibration": only "does not ignore ..." says the opposite.
            negated = _negated(stems, point) and bool(tx.IMPLICIT_NEGATIONS & set(stems))
        else:
            negated = _negated(stems, point) == _point_polarity(point)
    paraphrase = False
    if states_numbers(text, point, roles):
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
    """The point's subject: the terms of its first group that names a thing, not a figure."""
    for group in point.terms:
        if not nm.is_numeric_group(group):
            return tuple(tx.term_stems(t) for t in group)
    return ()


@lru_cache(maxsize=4096)
def _definitional(point: RubricPoint) -> bool:
    """Whether the point defines its subject ("Precision is ...", "Platt scaling fits ...").

    Such a point is made only where the definition is tied to that subject.
    """
    if len(point.terms) < 2 or nm.is_numeric_group(point.terms[0]):
        return False
    subject = cl.subject_of(point.point)
    return any(tx.find_term(subject, tx.term_stems(t)) for t in point.terms[0])


def _bound(sentence: Sentence, point: RubricPoint) -> bool:
    """Whether some clause names the subject and it, or the clauses after it that name no
    subject of their own, carry the other term groups after the subject."""
    subject = [tx.term_stems(t) for t in point.terms[0]]
    parts = sentence.clauses
    for i, clause in enumerate(parts):
        spans = [s for s in (tx.find_term(clause.stems, t) for t in subject) if s]
        if not spans:
            continue
        start = min(spans)[0]
        stems = list(clause.stems[start:])
        texts = [clause.text]
        for later in parts[i + 1 :]:
            if later.subject and not _names_a_term(later.subject, point):
                break  # the sentence has turned to another subject
            stems += [tx.BOUNDARY, *later.stems]
            texts.append(later.text)
        region = tuple(stems)
        if all(_group_found(" ; ".join(texts), region, g) for g in point.terms[1:]):
            return True
    return False


def _swapped(sentence: Sentence, point: RubricPoint) -> bool:
    """Whether the point's definition is tied to another of the rubric's subjects (or a
    named thing) in this sentence, and not to its own subject."""
    if _bound(sentence, point):
        return False
    for clause in sentence.clauses:
        other = clause.subject
        if not other or _names_a_term(other, point):
            continue
        named = any(tx.find_term(other, s) for s in sentence.subjects) or any(
            t.capitalised for t in tx.tokenize(clause.text)[:2]
        )
        if named:
            return True
    return False


def _misattributed(sentence: Sentence, point: RubricPoint) -> bool:
    """Whether the clause with the point's first term is about another of the rubric's
    subjects ("Mann-Whitney uses the maximum CDF gap" for a point about KS)."""
    own = set(role(point))
    if not own or not point.terms or _definitional(point):
        return False
    mine = set(_subject_stems(point))
    peers = [t for t in sentence.subjects if t not in mine]
    for clause in sentence.clauses:
        if _group_found(clause.text, clause.stems, point.terms[0]):
            subject = clause.subject  # its own: an inherited one may be far back
            if not subject or own & set(subject):
                return False
            return any(tx.find_term(subject, t) for t in peers)
    return False


def _names_a_term(subject: tuple[str, ...], point: RubricPoint) -> bool:
    words = {s for t in _all_terms(point) for s in t}
    return any(s in words for s in subject)


@lru_cache(maxsize=4096)
def _wrong_stems(
    point: RubricPoint,
) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], bool, tuple[str, ...]], ...]:
    """Per wrong claim: its content stems, those the point never uses, its polarity and
    the stems of its own subject."""
    said = set(tx.content_stems(" ".join((point.point, *point.also))))
    said.update(s for t in _all_terms(point) for s in t)
    out = []
    for claim in point.wrong:
        needed = tuple(tx.content_stems(claim))
        distinct = tuple(s for s in needed if s not in said)
        lead = cl.subject_of(claim) or needed[:1]
        out.append((claim, needed, distinct, tx.polarity(claim), lead))
    return tuple(out)


def mentions_subject(stems: tuple[str, ...], point: RubricPoint) -> bool:
    """Whether ``stems`` name the point's subject (a term of its first non-numeric group)."""
    return any(tx.find_term(stems, s) for s in _subject_stems(point))


def about(
    subject: tuple[str, ...], clause: cl.Clause, point: RubricPoint, lead: tuple[str, ...]
) -> bool | None:
    """Whether a clause (whose subject, own or inherited, is ``subject``) is about the
    point's subject or a wrong claim's; None when it names no subject at all."""
    if not subject:
        return True if mentions_subject(clause.stems, point) else None
    if lead and tx.overlap(lead, subject) > 0:
        return True
    # about the point's subject, unless the claim is about another of its subjects
    # ("recall is ..." is not "precision is ...")
    return mentions_subject(subject, point) and not (lead and mentions_subject(lead, point))


def wrong_claim(sentence: Sentence, point: RubricPoint) -> str | None:
    """The wrong claim of ``point`` this sentence states, if any.

    Checked per clause, in the claim's word order. A wrong claim that differs from the
    point only in how its words relate ("LayerNorm normalises each feature over the
    batch") counts only in a clause about the point's subject (or the claim's), so
    "BatchNorm averages over the batch and LayerNorm over features" is not held against
    LayerNorm; one with words of its own ("L1 shrinks weights smoothly", for an L2 point)
    counts wherever those words appear. A clause opened by "rather than" denies its claim.
    """
    about_sentence = not _subject_stems(point) or mentions_subject(sentence.stems, point)
    for claim, needed, distinct, positive, lead in _wrong_stems(point):
        if len(needed) < 2:
            continue
        subject: tuple[str, ...] = ()
        for clause in sentence.clauses:
            subject = clause.subject or subject
            if clause.positive != positive:
                continue
            if tx.ordered_overlap(needed, clause.stems) < WRONG_OVERLAP:
                continue
            if tx.overlap(needed[-1:], clause.stems) < 1:
                continue  # a claim's last word is its point: "... plus FN", "... the batch"
            topic = about(subject, clause, point, lead)
            on_topic = about_sentence if topic is None else topic
            share = tx.overlap(distinct, clause.stems) if distinct else 0.0
            if distinct and share == 1 and topic is not False:
                return claim
            if distinct and len(distinct) >= 3 and share >= 0.6 and on_topic:
                return claim
            if not distinct and on_topic:
                return claim
    return None
