# Another way: per feature, group the rows by distinct value first (np.unique), add up the
# class counts of each group, and take cumulative sums over the groups: every gap between
# two groups is a candidate, so no masking of equal values is needed.
import numpy as np


def _impurity(counts, criterion):
    n = counts.sum(axis=-1, keepdims=True)
    p = counts / np.maximum(n, 1)
    if criterion == "gini":
        return 1.0 - (p**2).sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log2(p), 0.0)
    return -terms.sum(axis=-1)


def best_split(X, y, criterion="gini"):
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    classes, labels = np.unique(np.asarray(y), return_inverse=True)
    K = len(classes)
    total = np.bincount(labels, minlength=K).astype(np.float64)
    parent = _impurity(total, criterion)
    best = None
    for j in range(d):
        values, group = np.unique(X[:, j], return_inverse=True)  # (g,), (n,)
        if len(values) < 2:
            continue
        per_group = np.zeros((len(values), K))
        np.add.at(per_group, (group, labels), 1.0)
        left = np.cumsum(per_group, axis=0)[:-1]  # (g-1, K): rows with value <= values[i]
        right = total - left
        n_left = left.sum(axis=1)
        child = (
            n_left * _impurity(left, criterion) + (n - n_left) * _impurity(right, criterion)
        ) / n
        gain = parent - child
        i = int(np.argmax(gain))
        if best is None or gain[i] > best[2] + 1e-12:
            best = (j, float((values[i] + values[i + 1]) / 2), float(gain[i]))
    return best if best is not None and best[2] > 1e-12 else None
