import numpy as np


def impurity(counts: np.ndarray, criterion: str) -> np.ndarray:
    """Gini or entropy (bits) of class counts (..., K), computed along the last axis."""
    total = counts.sum(axis=-1, keepdims=True)
    p = counts / np.maximum(total, 1)  # (..., K) class proportions
    if criterion == "gini":
        return 1.0 - np.sum(p * p, axis=-1)
    logs = np.log2(np.where(p > 0, p, 1.0))  # 0 * log 0 counts as 0
    return -np.sum(p * logs, axis=-1)


def best_split(
    X: np.ndarray, y: np.ndarray, criterion: str = "gini"
) -> tuple[int, float, float] | None:
    """(feature, threshold, gain) of the best split `x[feature] <= threshold`, or None."""
    n, d = X.shape
    _, labels = np.unique(y, return_inverse=True)
    onehot = np.eye(labels.max() + 1)[labels]  # (n, K)
    total = onehot.sum(axis=0)  # (K,)
    parent = impurity(total, criterion)
    n_left = np.arange(1, n)  # (n-1,) rows on the left of each gap between sorted rows
    best = None
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]  # (n,) sorted values
        left = np.cumsum(onehot[order], axis=0)[:-1]  # (n-1, K) class counts left of gap i
        right = total - left  # (n-1, K)
        child = (n_left * impurity(left, criterion) + (n - n_left) * impurity(right, criterion)) / n
        gain = np.where(xs[1:] > xs[:-1], parent - child, -np.inf)  # only between distinct values
        if n < 2 or not np.isfinite(gain).any():
            continue
        i = int(np.argmax(gain))  # the first maximum: the smallest threshold
        if best is None or gain[i] > best[2] + 1e-12:
            best = (j, float((xs[i] + xs[i + 1]) / 2), float(gain[i]))
    return best if best is not None and best[2] > 1e-12 else None
