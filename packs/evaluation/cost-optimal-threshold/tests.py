import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _cost_at(y, s, t, c_fp, c_fn):
    flagged = s >= t
    return float(c_fp * np.sum(flagged & ~y) + c_fn * np.sum(~flagged & y))


def _bayes_threshold(y_true, y_score, c_fp, c_fn):
    """The probability threshold c_fp / (c_fp + c_fn): right only for calibrated scores."""
    y, s = np.asarray(y_true, dtype=bool), np.asarray(y_score, dtype=float)
    t = c_fp / (c_fp + c_fn)
    return t, _cost_at(y, s, t, c_fp, c_fn)


def _best(y_true, y_score, c_fp, c_fn, *, with_inf=True):
    y, s = np.asarray(y_true, dtype=bool), np.asarray(y_score, dtype=float)
    candidates = ([np.inf] if with_inf else []) + sorted(set(s.tolist()), reverse=True)
    costs = [_cost_at(y, s, t, c_fp, c_fn) for t in candidates]
    k = int(np.argmin(costs))
    return float(candidates[k]), costs[k]


MISTAKES = {
    "the costs are swapped: cost_fp multiplies false positives, cost_fn false negatives":
        lambda y, s, a, b: _best(y, s, b, a),
    "returned the mean cost per sample: the statement asks for the total":
        lambda y, s, a, b: (_best(y, s, a, b)[0], _best(y, s, a, b)[1] / len(y)),
    "used the textbook threshold c_fp / (c_fp + c_fn): it is optimal only for calibrated "
    "probabilities; search the thresholds on the data instead": _bayes_threshold,
}

EXAMPLE = (np.array([0, 1, 0, 1, 1, 0, 0, 0, 1, 0]),
           np.array([0.1, 0.9, 0.35, 0.6, 0.4, 0.8, 0.2, 0.3, 0.15, 0.5]))

suite.add(
    same_as_reference(
        "cost_optimal_threshold",
        [
            Case.of(*EXAMPLE, 1, 5, label="the statement's example, misses cost 5x"),
            Case.of(*EXAMPLE, 2, 1, label="the same data, false alarms cost 2x"),
            Case.of(*EXAMPLE, 1, 2, label="the same data, misses cost 2x"),
        ],
        name="examples from the statement",
        hint="evaluate the total cost at every candidate threshold and keep the cheapest",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "cost_optimal_threshold",
        [
            Case.of(np.array([0, 1, 0, 1, 0, 1]), np.array([-2.0, 7.5, 1.0, 3.0, 4.0, 0.5]), 1, 3,
                    label="raw margins, not probabilities"),
            Case.of(np.array([0, 0, 1, 1, 0, 1]), np.array([0.05, 0.1, 0.12, 0.2, 0.22, 0.3]), 1, 1,
                    label="scores squeezed near zero"),
        ],
        name="uncalibrated scores",
        hint="a threshold on probabilities says nothing about scores that are not calibrated",
        mistakes=MISTAKES,
    ),
)
