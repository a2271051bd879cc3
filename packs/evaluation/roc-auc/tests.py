import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

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
    "tied pairs count 0 (use 1/2: a tie is a coin flip)": lambda y, s: _pairwise(y, s, 0.0),
    "tied pairs count 1 (use 1/2: a tie is a coin flip)": lambda y, s: _pairwise(y, s, 1.0),
    "tied scores got distinct ranks (give each the mean rank of its tie group)": _ordinal_ranks,
    "AUC of the negatives (1 - AUC): positives must rank above negatives":
        lambda y, s: 1.0 - _pairwise(y, s, 0.5),
}

suite.add(
    same_as_reference(
        "roc_auc",
        [
            Case.of(np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.4, 0.35, 0.8, 0.8, 0.9]),
                    label="the statement's example"),
            Case.of(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.7, 0.9]),
                    label="perfect ranking"),
            Case.of(np.array([1, 1, 0, 0]), np.array([0.1, 0.2, 0.7, 0.9]),
                    label="reversed ranking"),
        ],
        name="examples from the statement",
        hint="AUC is the fraction of (positive, negative) pairs the scores put in the right order",
        mistakes=MISTAKES,
    ),
    same_as_reference(
        "roc_auc",
        [
            Case.of(np.array([1, 0, 1, 0, 0, 1]), np.array([0.5, 0.5, 0.2, 0.2, 0.9, 0.9]),
                    label="every positive tied with a negative"),
            Case.of(np.array([0, 1, 0, 1, 1, 0, 0]), np.array([3, 3, 1, 2, 2, 2, 0]),
                    label="integer scores with tie groups"),
        ],
        name="tied scores",
        hint="a positive and a negative with the same score are neither right nor wrong: "
             "that pair counts one half, whatever order the sort put them in",
        mistakes=MISTAKES,
    ),
)
