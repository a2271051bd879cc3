import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()


def _brute(y_true, y_score, c_fp, c_fn, *, with_inf=True, lowest=False):
    """Cost at every candidate, with one convention switched to a common mistake."""
    y, s = np.asarray(y_true, dtype=bool), np.asarray(y_score, dtype=float)
    candidates = ([np.inf] if with_inf else []) + sorted(set(s.tolist()), reverse=True)
    costs = [float(c_fp * np.sum((s >= t) & ~y) + c_fn * np.sum((s < t) & y)) for t in candidates]
    best = min(costs)
    k = max(i for i, c in enumerate(costs) if c == best) if lowest else costs.index(best)
    return float(candidates[k]), costs[k]


def _cut_inside_ties(y_true, y_score, c_fp, c_fn):
    """One cut after every sample of a stable descending sort, tie groups split."""
    y, s = np.asarray(y_true, dtype=float), np.asarray(y_score, dtype=float)
    order = np.argsort(-s, kind="stable")
    y, s = y[order], s[order]
    costs = np.r_[c_fn * y.sum(), c_fp * np.cumsum(1 - y) + c_fn * (y.sum() - np.cumsum(y))]
    k = int(np.argmin(costs))
    return float(np.r_[np.inf, s][k]), float(costs[k])


MISTAKES = {
    "forgot the option of flagging nothing (threshold inf)":
        lambda y, s, a, b: _brute(y, s, a, b, with_inf=False),
    "among equal costs, returned the lowest threshold: the statement picks the highest":
        lambda y, s, a, b: _brute(y, s, a, b, lowest=True),
    "a cut inside a group of tied scores: a tie group is flagged all at once":
        _cut_inside_ties,
}


def _random_cases(rng):
    cases = []
    for n, decimals in ((4, 0), (30, 1), (200, 1), (1000, 6)):
        y = (rng.random(n) < 0.3).astype(int)
        s = np.round(rng.normal(size=n) + 1.5 * y, decimals)  # few decimals: many ties
        c_fp, c_fn = int(rng.integers(1, 5)), int(rng.integers(1, 20))
        cases.append(Case.of(y, s, c_fp, c_fn, label=f"n={n}, costs {c_fp} and {c_fn}"))
    # ties at scale: 3000 samples on 8 integer scores, where numpy's default sort no
    # longer keeps tied samples in input order
    y = (rng.random(3000) < 0.3).astype(int)
    s = rng.integers(0, 8, 3000) + 2 * y
    cases.append(Case.of(y, s.astype(float), 1, 3, label="n=3000 on 10 integer scores"))
    return cases


suite.add(
    same_as_reference(
        "cost_optimal_threshold",
        [
            Case.of(np.array([0, 0, 0]), np.array([0.2, 0.5, 0.9]), 1, 10, label="no positives"),
            Case.of(np.array([0, 1, 0, 0]), np.array([0.9, 0.1, 0.8, 0.7]), 3, 1,
                    label="the only positive scores lowest"),
        ],
        name="flagging nothing is cheapest",
        hint="flagging nothing (threshold inf) is a candidate too",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "cost_optimal_threshold",
        [
            Case.of(np.array([1, 0, 1, 0]), np.array([0.9, 0.8, 0.7, 0.6]), 1, 1,
                    label="cost 1 at 0.9 and at 0.7"),
            Case.of(np.array([1, 1, 1]), np.array([0.3, 0.6, 0.9]), 1, 0,
                    label="misses are free: every candidate costs 0"),
            Case.of(np.array([0, 1, 0, 1]), np.array([0.2, 0.4, 0.6, 0.8]), 0, 1,
                    label="false alarms are free"),
        ],
        name="equal costs pick the highest threshold",
        hint="when several thresholds cost the same, the statement picks one of them",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "cost_optimal_threshold",
        [
            Case.of(np.array([1]), np.array([0.5]), 1, 1, label="one positive"),
            Case.of(np.array([0, 1, 1, 0]), np.full(4, 0.5), 1, 1, label="every score equal"),
            Case.of(np.array([True, False, True]), np.array([2.0, 2.0, -1e9]), 1, 4,
                    label="boolean labels, a tie across classes"),
            Case.of(np.array([0, 1, 0, 1]), np.array([0.3, 0.7, 0.5, 0.5]), 0.5, 2.5,
                    label="fractional costs"),
        ],
        name="edge cases",
        hint="a group of tied scores is one threshold: all of it is flagged or none of it",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "cost_optimal_threshold",
        _random_cases,
        name="random inputs",
        hint="candidates are the distinct scores plus inf; a tie group is flagged all at once",
        mistakes=MISTAKES,
    ),
)


@suite.check("inputs are left unchanged", hint="sort copies or index arrays, not the caller's arrays")
def inputs_unchanged(t):
    y = np.array([1, 0, 1, 0, 1])
    s = np.array([0.9, 0.1, 0.4, 0.6, 0.2])
    ry, rs = t.remote(y.copy()), t.remote(s.copy())
    t.sub.cost_optimal_threshold(ry, rs, 1, 2)
    compare.equal(ry._get(), y, what="y_true after the call", inputs="y_true=[1, 0, 1, 0, 1]")
    compare.equal(rs._get(), s, what="y_score after the call",
                  inputs="y_score=[0.9, 0.1, 0.4, 0.6, 0.2]")
