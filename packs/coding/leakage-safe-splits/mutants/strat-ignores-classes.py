# mistake: shuffles all rows and cuts k contiguous blocks: a plain k-fold, the classes are never looked at
# caught-by: stratified: each class spread evenly
import numpy as np


def stratified_kfold(y, k, *, seed=0):
    n = len(y)
    if not 2 <= k <= n:
        raise ValueError("bad k")
    perm = np.random.default_rng(seed).permutation(n)
    return [(np.sort(np.setdiff1d(perm, block)), np.sort(block)) for block in np.array_split(perm, k)]


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
    ts = np.asarray(timestamps)
    times = np.unique(ts)
    size = len(times) // (n_splits + 1)
    first = len(times) - n_splits * size
    if size < 1 or not 0 <= gap < first:
        raise ValueError("bad arguments")
    rank = np.searchsorted(times, ts)
    out = []
    for i in range(n_splits):
        s = first + i * size
        out.append((np.flatnonzero(rank < s - gap), np.flatnonzero((rank >= s) & (rank < s + size))))
    return out

