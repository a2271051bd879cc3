import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _variant(y_true, y_score, min_recall, *, strict=False, first=False, lowest=False, above=False):
    """Brute force over distinct thresholds, with one convention switched to a common mistake."""
    y, s = np.asarray(y_true, dtype=bool), np.asarray(y_score, dtype=float)
    rows = []  # (precision, threshold) of the allowed thresholds, highest threshold first
    for t in sorted(set(s.tolist()), reverse=True):
        flagged = s > t if above else s >= t
        if not flagged.any():
            continue
        tp = (flagged & y).sum()
        recall = tp / y.sum()
        if recall > min_recall or (recall == min_recall and not strict):
            rows.append((tp / flagged.sum(), t))
    if not rows:
        return float("nan"), float("nan")
    if first:
        return rows[0]
    best = max(p for p, _ in rows)
    ties = [r for r in rows if r[0] == best]
    return ties[-1] if lowest else ties[0]


MISTAKES = {
    "recall must be >= the target; equality is allowed":
        lambda y, s, r: _variant(y, s, r, strict=True),
    "stopped at the first threshold reaching the recall: precision is not monotone, "
    "scan every allowed threshold": lambda y, s, r: _variant(y, s, r, first=True),
    "a threshold t flags score >= t, not score > t": lambda y, s, r: _variant(y, s, r, above=True),
    "among equal precisions, returned the lowest threshold: the statement picks the highest":
        lambda y, s, r: _variant(y, s, r, lowest=True),
}

EXAMPLE = (np.array([1, 0, 0, 1, 1, 1, 0, 0]), np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]))

suite.add(
    same_as_reference(
        "precision_at_recall",
        [
            Case.of(*EXAMPLE, 0.5, label="the statement's example"),
            Case.of(*EXAMPLE, 1.0, label="full recall required"),
            Case.of(*EXAMPLE, 0.3, label="a low recall target"),
        ],
        name="examples from the statement",
        hint="check every threshold that meets the recall target, not only the first one",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "precision_at_recall",
        [
            Case.of(np.array([1, 1, 0, 1, 0, 1]), np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]), 0.75,
                    label="recall 3/4 exactly reachable"),
            Case.of(np.array([1, 0, 1, 0]), np.array([0.9, 0.8, 0.7, 0.6]), 0.5,
                    label="recall 1/2 exactly reachable"),
        ],
        name="recall exactly at the target",
        hint="a threshold whose recall equals the target is allowed",
        mistakes=MISTAKES,
    ),
)
