# Plain Python containers: dicts of rows per class / group / timestamp, sorted() and
# random.Random for the shuffle. Returns lists, which the checks accept like arrays.
import random
from collections import defaultdict


def _pairs(fold_of, k):
    n = len(fold_of)
    return [
        ([i for i in range(n) if fold_of[i] != f], [i for i in range(n) if fold_of[i] == f])
        for f in range(k)
    ]


def stratified_kfold(y, k, *, seed=0):
    n = len(y)
    if k < 2 or k > n:
        raise ValueError(f"k must be between 2 and {n}")
    by_class = defaultdict(list)
    for i, label in enumerate(y.tolist()):
        by_class[label].append(i)
    rng = random.Random(seed)
    fold_of, position = [0] * n, 0
    for label in sorted(by_class):
        rows = by_class[label]
        rng.shuffle(rows)
        for i in rows:  # keep dealing where the previous class stopped
            fold_of[i] = position % k
            position += 1
    return _pairs(fold_of, k)


def group_kfold(groups, k):
    members = defaultdict(list)
    for i, g in enumerate(groups.tolist()):
        members[g].append(i)
    if k < 2 or k > len(members):
        raise ValueError(f"k must be between 2 and {len(members)}")
    load, fold_of = [0] * k, [0] * len(groups)
    for g in sorted(members, key=lambda g: -len(members[g])):
        f = load.index(min(load))
        load[f] += len(members[g])
        for i in members[g]:
            fold_of[i] = f
    return _pairs(fold_of, k)


def time_series_split(timestamps, n_splits, *, gap=0):
    times = sorted(set(timestamps.tolist()))
    size = len(times) // (n_splits + 1) if n_splits >= 1 else 0
    first = len(times) - n_splits * size
    if size < 1 or gap < 0 or gap >= first:
        raise ValueError("not enough distinct timestamps for these blocks and gap")
    position = {t: i for i, t in enumerate(times)}
    ranks = [position[t] for t in timestamps.tolist()]
    splits = []
    for s in range(first, len(times), size):
        train = [i for i, r in enumerate(ranks) if r < s - gap]
        test = [i for i, r in enumerate(ranks) if s <= r < s + size]
        splits.append((train, test))
    return splits
