import numpy as np

Split = tuple[np.ndarray, np.ndarray]  # (train indices, test indices), each sorted


def _folds(fold_of: np.ndarray, k: int) -> list[Split]:
    """Turn a fold number per row into k (train, test) index pairs."""
    return [(np.flatnonzero(fold_of != f), np.flatnonzero(fold_of == f)) for f in range(k)]


def stratified_kfold(y: np.ndarray, k: int, *, seed: int = 0) -> list[Split]:
    """k folds whose test sets each hold every class in (nearly) its overall share."""
    y = np.asarray(y)
    n = len(y)
    if not 2 <= k <= n:
        raise ValueError(f"k must be between 2 and n={n}, got {k}")
    rng = np.random.default_rng(seed)
    # Rows grouped class by class, shuffled within each class, then dealt round-robin:
    # a class filling consecutive positions gets floor or ceil of n_c / k in every fold.
    order = np.concatenate([rng.permutation(np.flatnonzero(y == c)) for c in np.unique(y)])
    fold_of = np.empty(n, dtype=int)
    fold_of[order] = np.arange(n) % k
    return _folds(fold_of, k)


def group_kfold(groups: np.ndarray, k: int) -> list[Split]:
    """k folds in which every group sits wholly in one test set, sizes balanced greedily."""
    ids, group_of_row, sizes = np.unique(groups, return_inverse=True, return_counts=True)
    if not 2 <= k <= len(ids):
        raise ValueError(f"k must be between 2 and the number of groups ({len(ids)}), got {k}")
    load = np.zeros(k, dtype=int)  # rows in each test fold so far
    fold_of_group = np.empty(len(ids), dtype=int)
    for g in np.argsort(-sizes, kind="stable"):  # largest group first, into the lightest fold
        f = int(np.argmin(load))
        fold_of_group[g] = f
        load[f] += sizes[g]
    return _folds(fold_of_group[group_of_row.ravel()], k)


def time_series_split(timestamps: np.ndarray, n_splits: int, *, gap: int = 0) -> list[Split]:
    """Expanding-window splits over distinct timestamps; `gap` timestamps dropped before test."""
    ts = np.asarray(timestamps)
    times = np.unique(ts)  # sorted distinct timestamps
    m = len(times)
    size = m // (n_splits + 1) if n_splits >= 1 else 0  # distinct timestamps per test block
    if size < 1:
        raise ValueError(f"{m} distinct timestamps cannot make {n_splits} test blocks")
    first = m - n_splits * size  # position of the first test block's first timestamp
    if not 0 <= gap < first:
        raise ValueError(f"gap must be between 0 and {first - 1}, got {gap}")
    rank = np.searchsorted(times, ts)  # (n,) each row's position among the distinct times
    splits = []
    for i in range(n_splits):
        start = first + i * size
        test = np.flatnonzero((rank >= start) & (rank < start + size))
        train = np.flatnonzero(rank < start - gap)  # strictly earlier, minus the gap
        splits.append((train, test))
    return splits
