# The textbook sweep as a plain loop: sort each feature, move rows left one at a time
# with running class counts (a dict), and score each gap between distinct values.
import math
from collections import Counter


def _impurity(counts, size, criterion):
    if criterion == "gini":
        return 1.0 - sum((c / size) ** 2 for c in counts.values())
    return -sum(c / size * math.log2(c / size) for c in counts.values() if c)


def best_split(X, y, criterion="gini"):
    n, d = X.shape
    total = Counter(y.tolist())
    parent = _impurity(total, n, criterion)
    best = None
    for j in range(d):
        rows = sorted(range(n), key=lambda i: X[i, j])
        left, right = Counter(), Counter(total)
        for pos in range(n - 1):
            label = y[rows[pos]]
            left[label] += 1
            right[label] -= 1
            a, b = X[rows[pos], j], X[rows[pos + 1], j]
            if a == b:
                continue
            k = pos + 1
            child = (
                k * _impurity(left, k, criterion) + (n - k) * _impurity(right, n - k, criterion)
            ) / n
            gain = parent - child
            if best is None or gain > best[2] + 1e-12:
                best = (j, float((a + b) / 2), float(gain))
    return best if best is not None and best[2] > 1e-12 else None
