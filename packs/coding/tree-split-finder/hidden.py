import numpy as np

from mldrills.checks import Case, Suite, compare, complexity

suite = Suite()

TIE = 1e-9  # splits whose gains are this close to the best all count as best


def _impurity(counts, criterion, *, nats=False):
    p = counts / np.maximum(counts.sum(axis=-1, keepdims=True), 1)
    if criterion == "gini":
        return 1.0 - np.sum(p * p, axis=-1)
    logs = np.log(np.where(p > 0, p, 1.0))
    return -np.sum(p * logs, axis=-1) / (1.0 if nats else np.log(2))


def _candidates(X, y, criterion, *, weighted=True, nats=False):
    """Every valid split as (feature, threshold, gain), from sorted prefix counts."""
    n, d = X.shape
    _, labels = np.unique(y, return_inverse=True)
    onehot = np.eye(labels.max() + 1)[labels]
    total = onehot.sum(axis=0)
    parent = _impurity(total, criterion, nats=nats)
    out = []
    for j in range(d):
        order = np.argsort(X[:, j], kind="stable")
        xs = X[order, j]
        left = np.cumsum(onehot[order], axis=0)[:-1]
        k = np.arange(1, n)
        il = _impurity(left, criterion, nats=nats)
        ir = _impurity(total - left, criterion, nats=nats)
        child = (k * il + (n - k) * ir) / n if weighted else (il + ir) / 2
        for i in np.flatnonzero(xs[1:] > xs[:-1]):
            out.append((j, (xs[i] + xs[i + 1]) / 2, float(parent - child[i])))
    return out


def _off_midpoint(x, thr, gain, cands):
    """Why a returned threshold is not a midpoint: a data value, or a gap inside duplicates."""
    times = int(np.sum(np.isclose(x, thr, rtol=1e-12, atol=0)))
    if times == 0:
        return None
    above = [c for c in cands if c[1] > thr]
    if above and np.isclose(above[0][2], gain, rtol=1e-9, atol=1e-12):
        return (
            "likely mistake: the threshold is a data value (the last one on the left); "
            "the statement asks for the midpoint of the values on either side"
        )
    return (
        f"likely mistake: {thr:.6g} occurs {times} times in this feature: a gap between two "
        "equal values was scored, but equal values can never be separated"
    )


def _missed_best(X, y, top, criterion):
    """Hint for a submission that missed the best split."""
    left = X[:, top[0]] <= top[1]
    pure = len(np.unique(y[left])) == 1 or len(np.unique(y[~left])) == 1
    if pure and criterion == "entropy":
        return (
            "likely mistake: the best split leaves a pure child; if 0 * log(0) comes out "
            "as NaN, such splits can never win"
        )
    return "compare every feature and every gap between consecutive distinct values"


def _judge(t, X, y, criterion, label):
    n, d = X.shape
    inputs = f"{label}: n={n}, d={d}, criterion={criterion!r}"
    got = t.sub.best_split(X, y, criterion=criterion)
    cands = _candidates(X, y, criterion)
    best = max((c[2] for c in cands), default=0.0)
    if best <= 1e-12:
        compare.is_true(
            got is None,
            f"no split lowers the impurity here, so the answer is None; got {compare.short(got)}",
            inputs=inputs,
        )
        return
    top = next(c for c in cands if c[2] >= best - TIE)
    compare.is_true(
        got is not None,
        f"expected a split (e.g. feature {top[0]} at {top[1]:.6g}, gain {best:.6g}), got None",
        inputs=inputs,
    )
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 3,
        f"expected (feature, threshold, gain), got {compare.short(got)}",
        inputs=inputs,
    )
    j = compare.as_array(got[0], "feature", inputs)
    compare.is_true(
        j.size == 1 and j.dtype.kind in "iu" and 0 <= int(j.reshape(())) < d,
        f"feature must be an integer in 0..{d - 1}, got {compare.short(got[0])}",
        inputs=inputs,
    )
    j = int(j.reshape(()))
    thr = float(compare.as_array(got[1], "threshold", inputs).reshape(()))
    gain = float(compare.as_array(got[2], "gain", inputs).reshape(()))
    mine = [c for c in cands if c[0] == j and np.isclose(c[1], thr, rtol=1e-12, atol=0)]
    if not mine:
        t.fail(
            f"threshold {thr:.6g} on feature {j} is not a midpoint between two consecutive "
            f"distinct values of that feature\n  input: {inputs}",
            hint=_off_midpoint(X[:, j], thr, gain, [c for c in cands if c[0] == j]),
        )
    true_gain = mine[0][2]
    if not np.isclose(gain, true_gain, rtol=1e-9, atol=1e-12):
        alt = {
            "the children's impurities are averaged, not weighted by their sizes": _candidates(
                X, y, criterion, weighted=False
            ),
            "entropy in nats (natural log) instead of bits": (
                _candidates(X, y, criterion, nats=True) if criterion == "entropy" else []
            ),
        }
        named = next(
            (
                m
                for m, cs in alt.items()
                for c in cs
                if c[0] == j and np.isclose(c[1], thr) and np.isclose(c[2], gain)
            ),
            None,
        )
        t.fail(
            f"feature {j} at threshold {thr:.6g} has gain {true_gain:.10g}; you reported "
            f"{gain:.10g}\n  input: {inputs}",
            hint=f"likely mistake: {named}"
            if named
            else "gain = parent impurity - (n_left/n) * left impurity - (n_right/n) * right impurity",
        )
    if true_gain < best - TIE:
        t.fail(
            f"feature {j} at threshold {thr:.6g} has gain {true_gain:.10g}, but feature "
            f"{top[0]} at {top[1]:.6g} gains {best:.10g}\n  input: {inputs}",
            hint=_missed_best(X, y, top, criterion),
        )


def _random(rng, n, d, classes):
    return rng.normal(size=(n, d)).round(3), rng.choice(classes, n)


@suite.check(
    "best split on random data (gini)",
    hint="for each feature, sort once and sweep the gaps with running class counts",
)
def gini_random(t):
    for n, d, classes in [(30, 3, [0, 1]), (50, 4, [2, 5, 9]), (2, 1, [0, 1])]:
        X, y = _random(t.rng, n, d, classes)
        _judge(t, X, y, "gini", f"{len(classes)} classes {classes}")


@suite.check(
    "best split on random data (entropy)",
    hint="entropy in bits, with 0 * log 0 taken as 0 (a pure child has entropy 0)",
)
def entropy_random(t):
    for n, d, classes in [(30, 3, [0, 1]), (40, 2, [0, 1, 2])]:
        X, y = _random(t.rng, n, d, classes)
        _judge(t, X, y, "entropy", f"{len(classes)} classes")
    X = np.array([[0.0, 5.0], [1.0, 3.0], [2.0, 4.0], [3.0, 1.0], [4.0, 2.0], [5.0, 0.0]])
    _judge(t, X, np.array([1, 1, 0, 0, 0, 0]), "entropy", "a split with a pure child")


@suite.check(
    "repeated feature values",
    hint="rows with equal values always go to the same side: only gaps between "
    "distinct values are candidates",
)
def duplicates(t):
    # the two rows with value 1 have different labels: a cut between them would separate
    # the classes perfectly, but no threshold can put one on each side (the random
    # matrices below show it only on some seeds)
    X = np.array([[0.0], [0.0], [0.0], [1.0], [1.0], [2.0], [2.0], [2.0]])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    for criterion in ("gini", "entropy"):
        _judge(t, X, y, criterion, "values 0, 0, 0, 1, 1, 2, 2, 2")
    for criterion in ("gini", "entropy"):
        X = t.rng.integers(0, 4, size=(40, 3)).astype(float)
        y = (X[:, 1] + t.rng.normal(size=40) > 1.5).astype(int)
        _judge(t, X, y, criterion, "integer features 0..3")


@suite.check("no useful split gives None", hint="return None when no threshold lowers the impurity")
def none_cases(t):
    _judge(t, np.ones((5, 2)), np.array([0, 1, 0, 1, 1]), "gini", "constant features")
    _judge(t, t.rng.normal(size=(6, 2)), np.full(6, 3), "gini", "a single class")
    _judge(t, np.array([[1.0, 2.0]]), np.array([0]), "entropy", "one row")


@suite.check(
    "only one feature can split",
    hint="skip features with a single distinct value, do not stop at them",
)
def one_usable(t):
    X = np.c_[np.full(8, 2.0), np.full(8, -1.0), np.arange(8.0)]
    _judge(t, X, np.array([0, 0, 0, 1, 1, 1, 1, 0]), "gini", "features 0 and 1 constant")


def _large(n, rng):
    return Case.of(rng.normal(size=(n, 3)), rng.integers(0, 3, n))


suite.add(
    complexity(
        "best_split",
        _large,
        n=400,
        max_n=6_400,
        legacy_sizes=(100, 12_800),  # the CPU-only method's n, max_n
        name="runs in O(n log n) per feature",
        hint="recomputing both children's impurity from scratch at every threshold is "
        "quadratic; update running class counts instead",
        target_seconds=0.15,
    )
)
