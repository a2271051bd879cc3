import numpy as np

from mldrills.checks import SubmissionError, Suite, compare

suite = Suite()


def _splits(out, n, k, inputs):
    """The returned splits as sorted int arrays, with the format checked."""
    compare.is_true(
        isinstance(out, list | tuple) and len(out) == k,
        f"expected a list of {k} (train, test) pairs, got {compare.short(out)}",
        inputs=inputs,
    )
    result = []
    for f, pair in enumerate(out):
        compare.is_true(
            isinstance(pair, list | tuple) and len(pair) == 2,
            f"split {f}: expected a (train, test) pair, got {compare.short(pair)}",
            inputs=inputs,
        )
        arrays = []
        for part, what in zip(pair, ("train", "test"), strict=True):
            arr = compare.as_array(part, f"split {f} {what}", inputs).ravel()
            compare.is_true(
                arr.size == 0 or np.all(arr == np.round(arr)),
                f"split {f}: {what} must hold row indices",
                inputs=inputs,
            )
            arr = np.sort(arr.astype(int))
            compare.is_true(
                arr.size == 0 or (arr[0] >= 0 and arr[-1] < n),
                f"split {f}: {what} has indices outside 0..{n - 1}",
                inputs=inputs,
            )
            compare.is_true(
                np.unique(arr).size == arr.size,
                f"split {f}: {what} lists a row twice",
                inputs=inputs,
            )
            arrays.append(arr)
        result.append(tuple(arrays))
    return result


def _partition(splits, n, inputs):
    """Test sets partition the rows; each train set is exactly the other rows."""
    tested = np.concatenate([te for _, te in splits])
    counts = np.bincount(tested, minlength=n)
    compare.is_true(
        bool(np.all(counts == 1)),
        f"every row must be in exactly one test set; row {int(np.argmax(counts != 1))} "
        f"is in {int(counts[np.argmax(counts != 1)])}",
        inputs=inputs,
    )
    for f, (train, test) in enumerate(splits):
        rest = np.setdiff1d(np.arange(n), test)
        compare.is_true(
            np.array_equal(train, rest),
            f"split {f}: train must be every row outside its test set "
            f"({len(rest)} rows), got {len(train)} rows",
            inputs=inputs,
        )


def _raises_value_error(t, fn, *args, what, **kwargs):
    try:
        out = getattr(t.sub, fn)(*args, **kwargs)
    except SubmissionError as exc:
        compare.is_true(
            exc.type == "ValueError",
            f"{what}: expected ValueError, your code raised {exc.type}: {exc.message[:200]}",
        )
        return
    t.fail(f"{what}: expected ValueError, got {compare.short(out)}")


# ------------------------------------------------------------------------ stratified
def _labels(rng):
    return rng.permutation(np.repeat([0, 1, 2, 3], [23, 11, 7, 2]))  # 43 rows, one rare class


@suite.check(
    "stratified: every row is tested exactly once",
    hint="the k test sets partition the rows; train is the complement",
)
def strat_partition(t):
    y = _labels(t.rng)
    for k in (2, 5, 43):
        inputs = f"43 rows (classes of sizes 23, 11, 7, 2), k={k}"
        _partition(_splits(t.sub.stratified_kfold(y, k, seed=1), 43, k, inputs), 43, inputs)


@suite.check(
    "stratified: each class spread evenly",
    hint="a class of n_c rows puts floor(n_c / k) or ceil(n_c / k) into every test set",
)
def strat_balance(t):
    y = _labels(t.rng)
    k = 5
    inputs = "43 rows (classes of sizes 23, 11, 7, 2), k=5"
    splits = _splits(t.sub.stratified_kfold(y, k, seed=2), 43, k, inputs)
    for c, n_c in zip(range(4), (23, 11, 7, 2), strict=True):
        got = [int(np.sum(y[te] == c)) for _, te in splits]
        compare.is_true(
            max(got) - min(got) <= 1 and sum(got) == n_c,
            f"class {c} ({n_c} rows) has {got} rows in the {k} test sets; each must hold "
            f"{n_c // k} or {-(-n_c // k)}",
            inputs=inputs,
            hint="likely mistake: rows are assigned without looking at their class"
            if max(got) - min(got) > 2
            else None,
        )


@suite.check(
    "stratified: fold sizes differ by at most 1",
    hint="when one class leaves a remainder, the next class should start filling "
    "where it stopped, not at fold 0 again",
)
def strat_sizes(t):
    y = np.repeat([0, 1, 2, 3], [6, 6, 6, 6])  # every class leaves a remainder of 1 for k=5
    inputs = "four classes of 6 rows, k=5"
    splits = _splits(t.sub.stratified_kfold(y, 5, seed=0), 24, 5, inputs)
    sizes = [len(te) for _, te in splits]
    compare.is_true(
        max(sizes) - min(sizes) <= 1,
        f"test set sizes are {sizes}; 24 rows in 5 folds must give sizes 4 or 5",
        inputs=inputs,
    )


@suite.check(
    "stratified: the seed drives the shuffle",
    hint="shuffle within each class with a generator seeded by `seed`",
)
def strat_seed(t):
    y = np.repeat([0, 1], [20, 10])
    inputs = "30 rows (20 of class 0, 10 of class 1), k=3"
    first = _splits(t.sub.stratified_kfold(y, 3, seed=5), 30, 3, inputs)
    again = _splits(t.sub.stratified_kfold(y, 3, seed=5), 30, 3, inputs)
    other = _splits(t.sub.stratified_kfold(y, 3, seed=6), 30, 3, inputs)
    same = all(np.array_equal(a[1], b[1]) for a, b in zip(first, again, strict=True))
    compare.is_true(same, "two calls with seed=5 gave different folds", inputs=inputs)
    differ = any(not np.array_equal(a[1], b[1]) for a, b in zip(first, other, strict=True))
    compare.is_true(
        differ,
        "seed=5 and seed=6 gave identical folds: the rows are not being "
        "shuffled (or not by `seed`)",
        inputs=inputs,
    )


@suite.check(
    "stratified: a class rarer than k",
    hint="a class with fewer rows than folds appears in some test sets and not others",
)
def strat_rare(t):
    y = np.array([0] * 9 + [1, 1])
    inputs = f"y={y.tolist()}, k=4"
    splits = _splits(t.sub.stratified_kfold(y, 4, seed=0), 11, 4, inputs)
    _partition(splits, 11, inputs)
    got = [int(np.sum(y[te] == 1)) for _, te in splits]
    compare.is_true(
        sorted(got) == [0, 0, 1, 1], f"class 1 (2 rows) is spread as {got}", inputs=inputs
    )


# ----------------------------------------------------------------------------- group
def _groups(rng):
    sizes = [9, 1, 1, 1, 8, 2, 5, 3, 1, 4]  # uneven on purpose
    ids = np.array([-7, 3, 1000, 42, 0, 5, 11, 2, 8, 77])  # any integers, in any order
    return rng.permutation(np.repeat(ids, sizes))


@suite.check(
    "group: no group on both sides of a split",
    hint="assign whole groups to folds, then expand to rows",
)
def group_leak(t):
    groups = _groups(t.rng)
    n = len(groups)
    for k in (2, 3, 10):
        inputs = f"{n} rows in 10 groups of sizes 1 to 9, k={k}"
        splits = _splits(t.sub.group_kfold(groups, k), n, k, inputs)
        _partition(splits, n, inputs)
        for f, (train, test) in enumerate(splits):
            shared = np.intersect1d(groups[train], groups[test])
            compare.is_true(
                shared.size == 0,
                f"split {f}: group {int(shared[0]) if shared.size else ''} has rows "
                "in both train and test (leakage: the model sees the entity it is "
                "tested on)",
                inputs=inputs,
            )


@suite.check(
    "group: test folds balanced",
    hint="place the largest groups first, each into the currently smallest fold",
)
def group_balance(t):
    groups = _groups(t.rng)
    n = len(groups)
    for k in (2, 3, 4):
        inputs = f"{n} rows in 10 groups of sizes 9, 1, 1, 1, 8, 2, 5, 3, 1, 4, k={k}"
        splits = _splits(t.sub.group_kfold(groups, k), n, k, inputs)
        sizes = [len(te) for _, te in splits]
        compare.is_true(
            min(sizes) > 0 and max(sizes) - min(sizes) <= 9,
            f"test set sizes are {sizes}: every fold must be non-empty and the "
            "largest may exceed the smallest by at most the largest group (9 rows)",
            inputs=inputs,
        )


# ------------------------------------------------------------------------------ time
def _time_check(t, ts, n_splits, gap, label):
    inputs = f"{label}: timestamps={ts.tolist()}, n_splits={n_splits}, gap={gap}"
    got = _splits(t.sub.time_series_split(ts, n_splits, gap=gap), len(ts), n_splits, inputs)
    expected = t.ref.time_series_split(ts, n_splits, gap=gap)
    for f, ((tr, te), (rtr, rte)) in enumerate(zip(got, expected, strict=True)):
        if tr.size and te.size and ts[tr].max() > ts[te].min():
            t.fail(
                f"split {f} leaks the future: train holds timestamp {ts[tr].max()}, later "
                f"than the test block's first timestamp {ts[te].min()}\n  input: {inputs}",
                hint="likely mistake: the rows were taken in input order; order them by "
                "timestamp first",
            )
        if tr.size and te.size and ts[tr].max() == ts[te].min():
            t.fail(
                f"split {f} leaks: timestamp {ts[tr].max()} has rows in both train and test"
                f"\n  input: {inputs}",
                hint="likely mistake: the blocks were cut by counting rows, which splits rows "
                "that share a timestamp",
            )
        compare.equal(te.tolist(), rte.tolist(), what=f"split {f} test rows", inputs=inputs)
        compare.equal(tr.tolist(), rtr.tolist(), what=f"split {f} train rows", inputs=inputs)


@suite.check(
    "time: unsorted rows and repeated timestamps",
    hint="work on the sorted distinct timestamps; rows sharing one stay together",
)
def time_unsorted(t):
    ts = t.rng.permutation(np.repeat(np.arange(100, 112), t.rng.integers(1, 4, 12)))
    _time_check(t, ts, 3, 0, "12 distinct timestamps, shuffled rows")
    _time_check(t, ts, 5, 0, "12 distinct timestamps, shuffled rows")


@suite.check(
    "time: a gap before each test block",
    hint="gap counts distinct timestamps, the ones just before the test block",
)
def time_gap(t):
    ts = t.rng.permutation(np.repeat(np.arange(0, 30, 3), 2))  # 10 distinct times, two rows each
    for gap in (1, 2):
        _time_check(t, ts, 2, gap, "10 distinct timestamps, two rows each")


@suite.check("invalid arguments raise ValueError", hint="check k and gap before splitting")
def invalid(t):
    _raises_value_error(
        t, "stratified_kfold", np.array([0, 1, 0, 1]), 5, what="stratified_kfold with k=5 > 4 rows"
    )
    _raises_value_error(
        t, "stratified_kfold", np.array([0, 1, 0, 1]), 1, what="stratified_kfold with k=1"
    )
    _raises_value_error(
        t, "group_kfold", np.array([1, 1, 2, 2, 3]), 4, what="group_kfold with k=4 > 3 groups"
    )
    _raises_value_error(
        t,
        "time_series_split",
        np.array([1, 2, 2, 3]),
        3,
        what="time_series_split: 3 distinct timestamps cannot make 3 test blocks",
    )
    _raises_value_error(
        t,
        "time_series_split",
        np.arange(6),
        2,
        gap=2,
        what="time_series_split: gap=2 leaves no training data",
    )
