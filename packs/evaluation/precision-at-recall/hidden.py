import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()


def _variant(y_true, y_score, min_recall, *, lowest=False, per_sample=False):
    """Brute force over thresholds, with one convention switched to a common mistake."""
    y, s = np.asarray(y_true, dtype=bool), np.asarray(y_score, dtype=float)
    if per_sample:  # cut after every sample in sorted order, splitting tied scores
        order = np.argsort(-s, kind="stable")
        cuts = [(y[order[: k + 1]].sum(), k + 1, s[order[k]]) for k in range(len(s))]
    else:
        cuts = [((y & (s >= t)).sum(), (s >= t).sum(), t)
                for t in sorted(set(s.tolist()), reverse=True)]
    rows = [(tp / n, t) for tp, n, t in cuts if tp / y.sum() >= min_recall]
    best = max(p for p, _ in rows)
    ties = [r for r in rows if r[0] == best]
    return ties[-1] if lowest else ties[0]


def _with_end_point(y_true, y_score, min_recall):
    """Candidates plus the PR curve's end point (precision 1, recall 0) at the highest score."""
    best = _variant(y_true, y_score, min_recall)
    return (1.0, float(np.max(y_score))) if min_recall <= 0 and best[0] < 1.0 else best


MISTAKES = {
    "among equal precisions, returned the lowest threshold: the statement picks the highest":
        lambda y, s, r: _variant(y, s, r, lowest=True),
    "cut between tied scores: a threshold flags every sample with that score at once":
        lambda y, s, r: _variant(y, s, r, per_sample=True),
    "kept the precision-recall curve's end point (precision 1 at recall 0): no threshold "
    "reaches it, so it is not a candidate": _with_end_point,
}


def _random_cases(rng):
    cases = []
    # (5000, 6): ties at scale, where numpy's default sort scrambles tied samples' order
    for n, levels in ((5, 3), (40, 8), (300, 20), (1000, 1000), (5000, 6)):
        y = rng.integers(0, 2, n)
        y[:2] = [1, 0]
        s = np.round(rng.random(n) * levels + y, 0) / levels
        n_pos = int(y.sum())
        k = int(rng.integers(0, n_pos))
        # halfway between two achievable recalls, so no rounding question arises
        cases.append(Case.of(y, s, (k + 0.5) / n_pos, label=f"n={n}, tied scores"))
    return cases


suite.add(
    same_as_reference(
        "precision_at_recall",
        [
            Case.of(np.array([1, 0, 0, 1]), np.array([0.9, 0.8, 0.7, 0.6]), 0.5,
                    label="precision 1 at 0.9; recall 1/2 allowed"),
            Case.of(np.array([1, 0, 1, 0, 1, 1]), np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]), 0.25,
                    label="precision 1/1 at 0.9 vs 2/3 at 0.7, 4/6 at 0.4"),
            Case.of(np.array([1, 1, 0, 1, 1, 0, 0, 1]),
                    np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.45, 0.4, 0.3]), 0.2,
                    label="precision 1 at 0.9 and 0.8"),
        ],
        name="equal precision at several thresholds",
        hint="when several allowed thresholds share the best precision, the statement picks one",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "precision_at_recall",
        [
            Case.of(np.array([1, 0, 1, 0, 1]), np.array([0.8, 0.8, 0.5, 0.5, 0.1]), 0.3,
                    label="each positive tied with a negative"),
            Case.of(np.array([0, 1, 1, 0, 0]), np.array([0.7, 0.7, 0.7, 0.2, 0.2]), 0.5,
                    label="negative stored first in the tie"),
        ],
        name="tied scores",
        hint="a threshold flags every sample with that score: you cannot cut inside a tie",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "precision_at_recall",
        [
            Case.of(np.array([0, 0, 0]), np.array([0.1, 0.5, 0.9]), 0.5, label="no positives"),
        ],
        name="no positive labels gives nan",
        hint="recall is undefined without positives: return (nan, nan)",
    ),
    same_as_reference(
        "precision_at_recall",
        [
            Case.of(np.array([1]), np.array([0.4]), 1.0, label="one positive sample"),
            Case.of(np.array([0, 1, 0]), np.array([0.5, 0.5, 0.5]), 0.9, label="every score equal"),
            Case.of(np.array([1, 0, 1]), np.array([0.2, 0.9, 0.6]), 0.0, label="min_recall = 0"),
            Case.of(np.array([True, False, True, True]), np.array([-3.0, 2.0, 1e9, 0.5]), 0.6,
                    label="boolean labels, unbounded scores"),
        ],
        name="edge cases",
        hint="with min_recall = 0 every threshold is allowed",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "precision_at_recall",
        _random_cases,
        name="random inputs",
        hint="among the allowed distinct-score thresholds keep the best precision, the highest on ties",
        mistakes=MISTAKES,
    ),
)


@suite.check("inputs are left unchanged", hint="sort copies or index arrays, not the caller's arrays")
def inputs_unchanged(t):
    y = np.array([1, 0, 1, 0, 1])
    s = np.array([0.9, 0.1, 0.4, 0.6, 0.2])
    ry, rs = t.remote(y.copy()), t.remote(s.copy())
    t.sub.precision_at_recall(ry, rs, 0.5)
    compare.equal(ry._get(), y, what="y_true after the call", inputs="y_true=[1, 0, 1, 0, 1]")
    compare.equal(rs._get(), s, what="y_score after the call",
                  inputs="y_score=[0.9, 0.1, 0.4, 0.6, 0.2]")
