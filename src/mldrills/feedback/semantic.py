"""Similarity-based grading: embeddings alone, and embeddings combined with the lexical layer.

Similarity finds the sentence that talks about a point; it cannot tell a claim from its
opposite ("LayerNorm normalises over the batch" sits close to the true statement). So in
the combined grader similarity only locates candidates, and the term groups, negation
and the point's wrong claims decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mldrills.content.rubric import RubricPoint
from mldrills.feedback import lexical
from mldrills.feedback.embed import Embedder, Matrix
from mldrills.feedback.results import PointResult


@dataclass(frozen=True)
class Tuning:
    """Cosine thresholds, chosen on the benchmark's tuning split (benchmarks/free_text.py)."""

    embed_made: float = 0.70  # embeddings only: this close to the point or a paraphrase
    support: float = 0.25  # combined: a lexical match must be at least this close
    strong: float = 0.70  # combined: this close makes the point without its terms
    partial: float = 0.65  # combined: this close plus half the term groups makes it
    wrong_sim: float = 0.80  # a sentence this close to a wrong claim...
    wrong_margin: float = 0.0  # ...and at least as close to it as to the point states it

DEFAULT_TUNING = Tuning()


@dataclass(frozen=True)
class Unit:
    """A sentence and the row of its vector (plus its clauses' rows) in the answer matrix."""

    sentence: lexical.Sentence
    rows: tuple[int, ...]


def embed_answer(
    sentences: Sequence[lexical.Sentence], embedder: Embedder
) -> tuple[list[Unit], Matrix]:
    """Embed every sentence and, for long sentences, each clause of it."""
    texts: list[str] = []
    units = []
    for sentence in sentences:
        rows = [len(texts)]
        texts.append(sentence.text)
        clauses = [c for c, stems, _ in sentence.clauses if len(stems) >= 3]
        if len(clauses) > 1:
            for clause in clauses:
                rows.append(len(texts))
                texts.append(clause)
        units.append(Unit(sentence, tuple(rows)))
    return units, embedder.encode(texts)


def _similarities(vectors: Matrix, refs: Matrix, units: Sequence[Unit]) -> list[float]:
    if refs.shape[0] == 0 or vectors.shape[0] == 0:
        return [0.0] * len(units)
    sims = (vectors @ refs.T).max(axis=1)
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
    sims = _similarities(vectors, good, units)
    wrong_sims = _similarities(vectors, wrong, units)
    best = (0.0, -1, "")
    for i, unit in enumerate(units):
        sim, verdict = sims[i], lexical.judge_sentence(unit.sentence, point)
        if wrong_sims[i] >= tuning.wrong_sim and wrong_sims[i] - sim >= tuning.wrong_margin:
            if best[1] < 0:
                best = (0.0, i, "wrong")
            continue
        if _makes(sim, verdict, tuning):
            return PointResult(point.point, True, 1.0, unit.sentence.text, None)
        score = 0.5 * max(sim, 0.0) + 0.5 * verdict.coverage
        if verdict.negated:
            score *= 0.5
        if score > best[0]:
            best = (score, i, "negated" if verdict.negated else "")
    return _missed(point, units, wrong_sims, best)


def _makes(sim: float, verdict: lexical.Verdict, tuning: Tuning) -> bool:
    if verdict.negated:
        return False
    if (verdict.paraphrase or verdict.coverage == 1.0) and sim >= tuning.support:
        return True
    if verdict.coverage >= 0.5 and sim >= tuning.partial:
        return True
    return sim >= tuning.strong


def _missed(
    point: RubricPoint, units: Sequence[Unit], wrong_sims: list[float], best: tuple[float, int, str]
) -> PointResult:
    score, index, why = best
    if index < 0:
        return PointResult(point.point, False, score, None, None)
    text = units[index].sentence.text
    if why == "negated":
        return PointResult(point.point, False, score, text, "says the opposite of the point")
    if why == "wrong":
        i = int(np.argmax(wrong_sims))
        claim = point.wrong[0] if len(point.wrong) == 1 else "one of the common wrong claims"
        return PointResult(
            point.point,
            False,
            score,
            units[i].sentence.text,
            f"states a common wrong claim: {claim}",
        )
    return PointResult(point.point, False, score, None, None)
