# mistake: cuts the blocks in input row order, as if the rows were already sorted by time
# caught-by: time: unsorted rows and repeated timestamps
import numpy as np


def stratified_kfold(y, k, *, seed=0):
    y = np.asarray(y)
    if not 2 <= k <= len(y):
        raise ValueError("bad k")
    rng = np.random.default_rng(seed)
    order = np.concatenate([rng.permutation(np.flatnonzero(y == c)) for c in np.unique(y)])
    f = np.empty(len(y), int)
    f[order] = np.arange(len(y)) % k
    return [(np.flatnonzero(f != i), np.flatnonzero(f == i)) for i in range(k)]


def group_kfold(groups, k):
    ids, inv, sizes = np.unique(groups, return_inverse=True, return_counts=True)
    if not 2 <= k <= len(ids):
        raise ValueError("bad k")
    load, fold_of = np.zeros(k), np.empty(len(ids), int)
    for g in np.argsort(-sizes, kind="stable"):
        fold_of[g] = np.argmin(load)
        load[fold_of[g]] += sizes[g]
    f = fold_of[inv.ravel()]
    return [(np.flatnonzero(f != i), np.flatnonzero(f == i)) for i in range(k)]


def time_series_split(timestamps, n_splits, *, gap=0):
    n = len(timestamps)
    size = n // (n_splits + 1)
    first = n - n_splits * size
    if size < 1 or not 0 <= gap < first:
        raise ValueError("bad arguments")
    return [(np.arange(0, first + i * size - gap), np.arange(first + i * size, first + (i + 1) * size))
            for i in range(n_splits)]
