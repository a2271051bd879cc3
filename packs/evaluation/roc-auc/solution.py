import numpy as np


def average_ranks(x: np.ndarray) -> np.ndarray:
    """1-based ranks of x; tied values share the mean of the ranks they span."""
    order = np.argsort(x, kind="stable")
    xs = x[order]
    # a new group of tied values starts wherever the sorted value changes
    starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])  # (g,)
    ends = np.r_[starts[1:], len(xs)]  # (g,) one past each group's last index
    group_rank = (starts + 1 + ends) / 2.0  # mean of the ranks starts+1 .. ends
    ranks = np.empty(len(x))
    ranks[order] = np.repeat(group_rank, ends - starts)
    return ranks


def roc_auc(y_true: np.ndarray, y_score: np.ndarray) -> float:
    """Area under the ROC curve; tied scores count one half; nan if one class only."""
    y = np.asarray(y_true).astype(bool)
    s = np.asarray(y_score, dtype=float)
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    # Mann-Whitney: the positives' rank sum, minus its smallest possible value, counts
    # the (positive, negative) pairs won by the positive, ties counting one half.
    rank_sum = average_ranks(s)[y].sum()
    u = rank_sum - n_pos * (n_pos + 1) / 2.0
    return float(u / (n_pos * n_neg))
