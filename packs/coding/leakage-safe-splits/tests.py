import numpy as np

from mldrills.checks import Suite, compare

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


@suite.check(
    "stratified: the statement's example",
    hint="deal each class's rows across the folds like cards, continuing where the "
    "previous class stopped",
)
def stratified_example(t):
    y = np.array([0, 0, 0, 0, 0, 0, 1, 1, 1, 2])
    inputs = f"y={y.tolist()}, k=3, seed=0"
    splits = _splits(t.sub.stratified_kfold(y, 3, seed=0), 10, 3, inputs)
    tested = np.sort(np.concatenate([te for _, te in splits]))
    compare.equal(tested.tolist(), list(range(10)), what="all test rows, sorted", inputs=inputs)
    for f, (train, test) in enumerate(splits):
        compare.equal(
            train.tolist(),
            sorted(set(range(10)) - set(test.tolist())),
            what=f"split {f} train (every row not in its test set)",
            inputs=inputs,
        )
        compare.equal(
            np.bincount(y[test], minlength=3).tolist()[:2],
            [2, 1],
            what=f"split {f}: test rows of class 0 and class 1",
            inputs=inputs,
        )


@suite.check(
    "time: the statement's example",
    hint="blocks are made of distinct timestamps, the last n_splits blocks are tested",
)
def time_example(t):
    ts = np.array([5, 1, 2, 2, 3, 4, 4, 6, 7, 8, 8])
    for gap in (0, 1):
        inputs = f"timestamps={ts.tolist()}, n_splits=3, gap={gap}"
        got = _splits(t.sub.time_series_split(ts, 3, gap=gap), len(ts), 3, inputs)
        for f, ((tr, te), (rtr, rte)) in enumerate(
            zip(got, t.ref.time_series_split(ts, 3, gap=gap), strict=True)
        ):
            compare.equal(te.tolist(), rte.tolist(), what=f"split {f} test rows", inputs=inputs)
            compare.equal(tr.tolist(), rtr.tolist(), what=f"split {f} train rows", inputs=inputs)
