# A library where the statement allows one: scikit-learn's GroupKFold, which places the
# groups largest first into the lightest fold. Its StratifiedKFold rejects k above the
# largest class and its TimeSeriesSplit counts rows, not distinct timestamps, so those two
# are by hand (a lexsort with random tie-breaks; comparisons with timestamps).
import numpy as np
from sklearn.model_selection import GroupKFold


def stratified_kfold(y, k, *, seed=0):
    # by hand: scikit-learn's StratifiedKFold refuses k above the largest class's size,
    # which the statement allows. One lexsort orders the rows by class, randomly within a
    # class; dealing that order round-robin gives each class floor or ceil of n_c / k.
    y = np.asarray(y)
    n = len(y)
    if not 2 <= k <= n:
        raise ValueError(f"k must be between 2 and n={n}, got {k}")
    noise = np.random.default_rng(seed).random(n)
    order = np.lexsort((noise, y))  # primary key y, ties by random noise
    fold_of = np.empty(n, dtype=np.int64)
    fold_of[order] = np.arange(n) % k
    return [(np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)) for f in range(k)]


def group_kfold(groups, k):
    groups = np.asarray(groups)
    if not 2 <= k <= len(np.unique(groups)):
        raise ValueError(f"k must be between 2 and the number of groups, got {k}")
    return list(GroupKFold(n_splits=k).split(np.zeros((len(groups), 1)), groups=groups))


def time_series_split(timestamps, n_splits, *, gap=0):
    ts = np.asarray(timestamps)
    times = np.unique(ts)
    m = len(times)
    size = m // (n_splits + 1) if n_splits >= 1 else 0
    if size < 1:
        raise ValueError(f"{m} distinct timestamps cannot make {n_splits} test blocks")
    first = m - n_splits * size
    if not 0 <= gap < first:
        raise ValueError(f"gap must be between 0 and {first - 1}, got {gap}")
    out = []
    for i in range(n_splits):
        lo, hi = times[first + i * size], times[first + (i + 1) * size - 1]
        test = np.flatnonzero((ts >= lo) & (ts <= hi))
        # strictly before the test block, minus the `gap` distinct timestamps before it
        train = np.flatnonzero(ts < times[first + i * size - gap])
        out.append((train, test))
    return out
