import numpy as np

from mldrills.checks import Case, Suite, compare, complexity, same_as_reference

suite = Suite()


def _pairwise(y_true, y_score, tie_credit):
    """AUC by comparing every pair, giving a tie `tie_credit` (the right value is 1/2)."""
    y, s = np.asarray(y_true).astype(bool), np.asarray(y_score, dtype=float)
    pos, neg = s[y][:, None], s[~y][None, :]  # (n_pos, 1), (1, n_neg)
    return float(((pos > neg) + tie_credit * (pos == neg)).mean())


def _ordinal_ranks(y_true, y_score):
    """Mann-Whitney with ranks 1..n from a stable sort: tied scores get distinct ranks."""
    y, s = np.asarray(y_true).astype(bool), np.asarray(y_score, dtype=float)
    ranks = np.empty(len(s))
    ranks[np.argsort(s, kind="stable")] = np.arange(1, len(s) + 1)
    n_pos = y.sum()
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * (len(y) - n_pos)))


MISTAKES = {
    "tied pairs count 0 (use 1/2)": lambda y, s: _pairwise(y, s, 0.0),
    "tied pairs count 1 (use 1/2)": lambda y, s: _pairwise(y, s, 1.0),
    "tied scores got distinct ranks (give each the mean rank of its tie group)": _ordinal_ranks,
}


def _random_cases(rng):
    cases = []
    # (5000, 4): ties at scale, where numpy's default sort scrambles tied samples' order
    for n, levels in ((2, 2), (7, 3), (50, 5), (400, 20), (1000, 1000), (5000, 4)):
        y = rng.integers(0, 2, n)
        y[:2] = [0, 1]  # both classes present
        scores = rng.integers(0, levels, n) / levels  # few levels: many ties
        cases.append(Case.of(y, scores, label=f"n={n}, {levels} distinct score levels"))
    return cases


suite.add(
    same_as_reference(
        "roc_auc",
        [
            Case.of(np.array([1, 1, 1]), np.array([0.2, 0.5, 0.9]), label="positives only"),
            Case.of(np.array([0, 0]), np.array([0.2, 0.5]), label="negatives only"),
        ],
        name="one class only gives nan",
        hint="with no positive (or no negative) there is no pair to count: return nan",
    ),
    same_as_reference(
        "roc_auc",
        [
            Case.of(np.zeros(6, dtype=int) + np.array([0, 1, 0, 1, 1, 0]), np.full(6, 0.3),
                    label="every score equal"),
            Case.of(np.array([0, 1]), np.array([0.4, 0.4]), label="one tied pair"),
            Case.of(np.array([False, True, True, False]), np.array([0.1, 0.3, 0.2, 0.3]),
                    label="boolean labels"),
            Case.of(np.array([0, 1, 0, 1]), np.array([-1e9, 1e9, 5.0, 5.0 + 1e-9]),
                    label="huge and nearly equal scores"),
        ],
        name="degenerate scores",
        hint="a constant score carries no ranking information: its AUC is one half",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "roc_auc",
        _random_cases,
        name="random inputs with ties",
        hint="with few distinct scores most pairs are ties: each counts one half",
        mistakes=MISTAKES,
    ),
)


@suite.check("inputs are left unchanged", hint="sort copies or index arrays, not the caller's arrays")
def inputs_unchanged(t):
    y = np.array([1, 0, 1, 0, 1])
    s = np.array([0.9, 0.1, 0.4, 0.6, 0.2])
    ry, rs = t.remote(y.copy()), t.remote(s.copy())
    t.sub.roc_auc(ry, rs)
    compare.equal(ry._get(), y, what="y_true after the call", inputs="y_true=[1, 0, 1, 0, 1]")
    compare.equal(rs._get(), s, what="y_score after the call",
                  inputs="y_score=[0.9, 0.1, 0.4, 0.6, 0.2]")


def _large(n, rng):
    y = rng.integers(0, 2, n)
    return Case.of(y, rng.integers(0, n // 4, n) + 0.5 * y)


suite.add(
    complexity(
        "roc_auc",
        _large,
        n=2_000,
        max_n=32_000,
        legacy_sizes=(500, 64_000),  # the CPU-only method's n, max_n
        name="runs in O(n log n)",
        hint="one sort gives every sample's rank; you never need to visit every pair",
        seconds=20,
    )
)
