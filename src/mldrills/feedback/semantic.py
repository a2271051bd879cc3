"""Similarity-based grading: embeddings alone, and embeddings combined with the lexical layer.

Similarity finds the sentence that talks about a point; it cannot tell a claim from its
opposite ("LayerNorm normalises over the batch" sits close to the true statement). So in
the combined grader similarity only locates candidates, and the term groups, negation
and the point's wrong claims decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from mldrills.content.rubric import RubricPoint
from mldrills.feedback import clauses as cl
from mldrills.feedback import lexical
from mldrills.feedback import text as tx
from mldrills.feedback.embed import Embedder, Matrix
from mldrills.feedback.results import PointResult


@dataclass(frozen=True)
class Tuning:
    """Cosine thresholds, chosen on the benchmark's tuning split (benchmarks/free_text.py).

    The grid search ties 0.7 and 0.8 for ``wrong_sim``; the higher one vetoes less.
    """

    embed_made: float = 0.70  # embeddings only: this close to the point or a paraphrase
    support: float = 0.25  # combined: a lexical match must be at least this close
    strong: float = 0.70  # combined: this close makes the point without its terms
    partial: float = 0.65  # combined: this close plus half the term groups makes it
    wrong_sim: float = 0.80  # a clause this close to a wrong claim...
    wrong_margin: float = 0.0  # ...and at least as close to it as to the point states it


DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class Unit:
    """A sentence, the rows of its vectors in the answer matrix, and the rows' clauses.

    Row 0 is the whole sentence; a long sentence also gets one row per clause, so a
    claim buried in a compound sentence is compared on its own.
    """

    sentence: lexical.Sentence
    rows: tuple[int, ...]
    views: tuple[tuple[tuple[str, ...], tuple[str, ...], bool], ...]  # stems, subject, positive

    @property
    def claim_rows(self) -> tuple[int, ...]:
        """Positions (into ``rows``) of the pieces compared with wrong claims: each clause,
        and the whole sentence, since a claim may span two clauses ("..., so it grows
        linearly"); a denied one is told apart by its polarity."""
        return tuple(range(len(self.rows)))


def embed_answer(
    sentences: Sequence[lexical.Sentence], embedder: Embedder
) -> tuple[list[Unit], Matrix]:
    """Embed every sentence and, for long sentences, each clause of it."""
    texts: list[str] = []
    units = []
    for sentence in sentences:
        first = next((c.subject for c in sentence.clauses if c.subject), ())
        # "A rather than B" claims A and not B: its polarity is that of the sentence read so,
        # and it gets one more row, written that way.
        read = sentence.segments[0][0] if sentence.denies else sentence.text
        rows, views = [len(texts)], [(sentence.stems, first, tx.polarity(read))]
        texts.append(sentence.text)
        if sentence.denies:
            rows.append(len(texts))
            views.append((sentence.segments[0][1], first, tx.polarity(read)))
            texts.append(read)
        clauses = [c for c in sentence.clauses if len(c.stems) >= 3]
        if len(clauses) > 1:
            subject: tuple[str, ...] = ()
            for clause in sentence.clauses:
                subject = clause.subject or subject  # a clause without one inherits it
                if len(clause.stems) >= 3:
                    rows.append(len(texts))
                    views.append((clause.stems, subject, clause.positive))
                    texts.append(clause.text)
        units.append(Unit(sentence, tuple(rows), tuple(views)))
    return units, embedder.encode(texts)


def _row_sims(vectors: Matrix, refs: Matrix) -> Matrix:
    """Per answer row, per reference: cosine similarity."""
    if refs.shape[0] == 0 or vectors.shape[0] == 0:
        return np.zeros((vectors.shape[0], max(refs.shape[0], 1)), dtype=np.float32)
    sims: Matrix = vectors @ refs.T
    return sims


def _similarities(vectors: Matrix, refs: Matrix, units: Sequence[Unit]) -> list[float]:
    sims = _row_sims(vectors, refs).max(axis=1)
    return [float(np.max(sims[list(u.rows)])) for u in units]


def _refs(point: RubricPoint, embedder: Embedder) -> tuple[Matrix, Matrix]:
    good = embedder.encode_cached((point.point, *point.also))
    wrong = embedder.encode_cached(point.wrong)
    return good, wrong


def grade_point_embedding(
    units: Sequence[Unit], vectors: Matrix, point: RubricPoint, embedder: Embedder, tuning: Tuning
) -> PointResult:
    """Embeddings alone: made when some sentence is close enough to the point."""
    good, _ = _refs(point, embedder)
    sims = _similarities(vectors, good, units)
    if not sims:
        return PointResult(point.point, False, 0.0, None, None)
    best = int(np.argmax(sims))
    made = sims[best] >= tuning.embed_made
    score = max(0.0, min(1.0, sims[best]))
    return PointResult(point.point, made, score, units[best].sentence.text if made else None, None)


def grade_point_combined(
    units: Sequence[Unit], vectors: Matrix, point: RubricPoint, embedder: Embedder, tuning: Tuning
) -> PointResult:
    """Similarity locates candidate sentences; terms, negation and wrong claims decide."""
    for unit in units:
        claim = lexical.wrong_claim(unit.sentence, point)
        if claim:
            reason = f"states a common wrong claim: {claim}"
            return PointResult(point.point, False, 0.0, unit.sentence.text, reason)
    good, wrong = _refs(point, embedder)
    sims = _Sims(_row_sims(vectors, good), _row_sims(vectors, wrong))
    wrong_hit: tuple[str, str] | None = None  # (sentence, claim)
    best: tuple[float, str | None, bool] = (0.0, None, False)  # score, sentence, negated
    for unit in units:
        # Similarity finds the topic, denied clauses included; the terms and the wrong
        # claims, read with the denial, decide.
        sim = float(np.max(sims.good[list(unit.rows)]))
        if unit.sentence.restates:
            sim = 0.0  # close to the point only because the question is
        verdict = lexical.judge_sentence(unit.sentence, point)
        if not _lexically_made(verdict):
            # Similarity may veto a sentence as a wrong claim, but never overrule the
            # terms: "B is initialised to zero" sits close to "A and B are both zero".
            claim = _close_wrong_claim(unit, point, sims, tuning)
            if claim is not None:
                wrong_hit = wrong_hit or (unit.sentence.text, claim)
                continue
            if sim >= min(tuning.strong, tuning.partial) and _flipped(unit, sims.each, point):
                # Without the terms to place a negation, compare the closest clause's
                # polarity with the reference it is closest to ("does not ..." vs "...").
                verdict = lexical.Verdict(verdict.coverage, True, False)
        if not lexical.states_numbers(unit.sentence.text, point, unit.sentence.roles):
            # Similarity cannot see a wrong figure ("640 tokens" for "1,280 tokens").
            sim = min(sim, tuning.support)
        if _makes(sim, verdict, tuning):
            return PointResult(point.point, True, 1.0, unit.sentence.text, None)
        score = (0.5 * max(sim, 0.0) + 0.5 * verdict.coverage) * (0.5 if verdict.negated else 1)
        if score > best[0]:
            best = (score, unit.sentence.text, verdict.negated)
    if wrong_hit:
        reason = f"states a common wrong claim: {wrong_hit[1]}"
        return PointResult(point.point, False, 0.0, wrong_hit[0], reason)
    score, text, negated = best
    if negated:
        return PointResult(point.point, False, score, text, "says the opposite of the point")
    return PointResult(point.point, False, score, None, None)


class _Sims:
    """An answer's similarities to one point: per row and reference, per row, to wrongs."""

    def __init__(self, each: Matrix, wrong: Matrix) -> None:
        self.each = each
        self.good = each.max(axis=1)
        self.wrong = wrong


def _lexically_made(verdict: lexical.Verdict) -> bool:
    return not verdict.negated and (verdict.paraphrase or verdict.coverage == 1.0)


def _close_wrong_claim(unit: Unit, point: RubricPoint, sims: _Sims, tuning: Tuning) -> str | None:
    """The wrong claim one clause of ``unit`` sits closer to than to the point, if any."""
    if not point.wrong:
        return None
    leads = _claim_leads(point)
    for k in unit.claim_rows:
        row = unit.rows[k]
        stems, subject, positive = unit.views[k]
        j = int(np.argmax(sims.wrong[row]))
        if positive != _ref_polarity(point.wrong[j]):
            continue  # "... ; not B" does not state the claim "B"
        if (
            subject
            and not lexical.mentions_subject(stems, point)
            and not lexical.mentions_subject(subject, point)
            and not (tx.overlap(leads[j], subject) > 0 and _ends_alike(point.wrong[j], stems))
        ):
            # a clause about another named thing ("BatchNorm ..."), unless it is the claim's
            # own subject and the clause ends the claim's way ("... for an SLO")
            continue
        near = float(sims.wrong[row, j])
        if near >= tuning.wrong_sim and near - float(sims.good[row]) >= tuning.wrong_margin:
            return point.wrong[j]
    return None


def _ends_alike(claim: str, stems: tuple[str, ...]) -> bool:
    last = tx.content_stems(claim)[-1:]
    return bool(last) and tx.overlap(last, stems) == 1


@lru_cache(maxsize=4096)
def _claim_leads(point: RubricPoint) -> tuple[tuple[str, ...], ...]:
    return tuple(cl.subject_of(claim) for claim in point.wrong)


def _flipped(unit: Unit, good_all: Matrix, point: RubricPoint) -> bool:
    """Whether the closest clause negates the positive reference it is closest to.

    Only an added negation counts: "does not depend" is often paraphrased without one
    ("is independent"), so a negative reference says nothing about a positive clause.
    """
    block = good_all[list(unit.rows)]
    k, j = np.unravel_index(int(np.argmax(block)), block.shape)
    refs = (point.point, *point.also)
    return _ref_polarity(refs[int(j)]) and not _polarity(unit.views[int(k)][0])


def _polarity(stems: tuple[str, ...]) -> bool:
    return sum(1 for s in stems if s in tx.NEGATIONS) % 2 == 0


@lru_cache(maxsize=4096)
def _ref_polarity(text: str) -> bool:
    return tx.polarity(text)


def _makes(sim: float, verdict: lexical.Verdict, tuning: Tuning) -> bool:
    if verdict.negated or verdict.misbound:
        return False
    if (verdict.paraphrase or verdict.coverage == 1.0) and sim >= tuning.support:
        return True
    if verdict.coverage >= 0.5 and sim >= tuning.partial:
        return True
    return sim >= tuning.strong
