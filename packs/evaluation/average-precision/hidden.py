import numpy as np

from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _per_sample(y_true, y_score):
    """Mean precision at each positive's rank: right only when no scores are tied."""
    y = np.asarray(y_true, dtype=float)[np.argsort(-np.asarray(y_score, dtype=float), kind="stable")]
    precision_at_rank = np.cumsum(y) / np.arange(1, len(y) + 1)
    return float(precision_at_rank[y == 1].mean())


MISTAKES = {"one threshold per sample: tied scores must enter together": _per_sample}


def _random_cases(rng):
    cases = []
    for n, levels, rate in ((3, 2, 0.5), (20, 4, 0.3), (300, 10, 0.1), (2000, 50, 0.02),
                            (2000, 2000, 0.05), (6000, 5, 0.2)):  # last: ties at scale
        y = (rng.random(n) < rate).astype(int)
        y[0] = 1
        scores = np.round(rng.random(n) * levels + 2 * y, 0) / levels  # informative, tied
        cases.append(Case.of(y, scores, label=f"n={n}, {rate:.0%} positives, tied scores"))
    return cases


suite.add(
    same_as_reference(
        "average_precision",
        [
            Case.of(np.array([0, 0, 0]), np.array([0.2, 0.5, 0.9]), label="no positives"),
        ],
        name="no positive labels gives nan",
        hint="with no positive, recall divides by zero: the statement asks for nan",
    ),
    same_as_reference(
        "average_precision",
        [
            Case.of(np.array([1]), np.array([0.3]), label="one positive sample"),
            Case.of(np.array([1, 1, 1]), np.array([0.1, 0.5, 0.2]), label="positives only"),
            Case.of(np.array([0, 1, 0, 0, 1]), np.full(5, 0.7), label="every score equal"),
            Case.of(np.array([False, True, False, True]), np.array([0.9, 0.9, 0.1, 0.1]),
                    label="boolean labels"),
            Case.of(np.array([0, 1, 0, 1]), np.array([-1e12, 1e12, 3.0, 3.0 + 1e-9]),
                    label="huge and nearly equal scores"),
        ],
        name="degenerate inputs",
        hint="a constant score is one threshold: precision is the positive rate, recall 1",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "average_precision",
        _random_cases,
        name="random imbalanced inputs",
        hint="with few positives every threshold matters: sweep the distinct scores, highest first",
        mistakes=MISTAKES,
    ),
)


@suite.check("inputs are left unchanged", hint="sort copies or index arrays, not the caller's arrays")
def inputs_unchanged(t):
    y = np.array([1, 0, 1, 0, 1])
    s = np.array([0.9, 0.1, 0.4, 0.6, 0.2])
    ry, rs = t.remote(y.copy()), t.remote(s.copy())
    t.sub.average_precision(ry, rs)
    compare.equal(ry._get(), y, what="y_true after the call", inputs="y_true=[1, 0, 1, 0, 1]")
    compare.equal(rs._get(), s, what="y_score after the call",
                  inputs="y_score=[0.9, 0.1, 0.4, 0.6, 0.2]")


def _large(n, rng):
    y = (rng.random(n) < 0.1).astype(int)
    y[0] = 1
    return Case.of(y, rng.random(n) + 0.5 * y)


suite.add(
    complexity(
        "average_precision",
        _large,
        n=2_000,
        max_n=32_000,
        legacy_sizes=(500, 64_000),  # the CPU-only method's n, max_n
        name="runs in O(n log n)",
        hint="after one sort, cumulative sums give TP and FP at every threshold at once",
        seconds=20,
    )
)
