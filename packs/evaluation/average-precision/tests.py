import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _curve(y_true, y_score):
    """Precision and recall at each distinct threshold, highest threshold first."""
    y, s = np.asarray(y_true, dtype=float), np.asarray(y_score, dtype=float)
    order = np.argsort(-s, kind="stable")
    s, y = s[order], y[order]
    last = np.r_[s[1:] != s[:-1], True]
    tp = np.cumsum(y)[last]
    return tp / (np.flatnonzero(last) + 1.0), tp / y.sum()


def _trapezoid(y_true, y_score):
    precision, recall = _curve(y_true, y_score)
    p, r = np.r_[1.0, precision], np.r_[0.0, recall]
    return float(np.sum(np.diff(r) * (p[1:] + p[:-1]) / 2))


def _interpolated(y_true, y_score):
    precision, recall = _curve(y_true, y_score)
    best_to_the_right = np.maximum.accumulate(precision[::-1])[::-1]
    return float(np.sum(np.diff(recall, prepend=0.0) * best_to_the_right))


def _per_sample(y_true, y_score):
    y = np.asarray(y_true, dtype=float)[np.argsort(-np.asarray(y_score, dtype=float), kind="stable")]
    precision_at_rank = np.cumsum(y) / np.arange(1, len(y) + 1)
    return float(precision_at_rank[y == 1].mean())


def _mean_precision(y_true, y_score):
    return float(_curve(y_true, y_score)[0].mean())


MISTAKES = {
    "trapezoidal rule between PR points (AP is a step sum, no interpolation)": _trapezoid,
    "interpolated precision (best precision at any higher recall): use the precision at "
    "the threshold itself": _interpolated,
    "one threshold per sample: tied scores must enter together as one threshold": _per_sample,
    "plain mean of the precisions: weight each by the recall gain at its threshold":
        _mean_precision,
}

suite.add(
    same_as_reference(
        "average_precision",
        [
            Case.of(np.array([1, 0, 0, 1, 1, 0, 1, 0]),
                    np.array([0.95, 0.9, 0.8, 0.7, 0.6, 0.6, 0.5, 0.2]),
                    label="the statement's example"),
            Case.of(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.7, 0.9]),
                    label="perfect ranking"),
            Case.of(np.array([1, 0, 0, 0, 1, 1]), np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4]),
                    label="precision rises again after a dip"),
        ],
        name="examples from the statement",
        hint="sum, over thresholds, the rise in recall times the precision at that threshold",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "average_precision",
        [
            Case.of(np.array([0, 1, 1, 0, 1, 0]), np.array([0.8, 0.8, 0.5, 0.5, 0.3, 0.1]),
                    label="a positive and a negative tied at each level"),
            Case.of(np.array([1, 1, 0, 0, 1]), np.array([2, 1, 2, 1, 0]),
                    label="integer scores, positives stored first"),
        ],
        name="tied scores",
        hint="samples with the same score cross the threshold together; the order they are "
             "stored in must not change the result",
        mistakes=MISTAKES,
    ),
)
