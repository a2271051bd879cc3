import math

import numpy as np

from mldrills.checks import Case, Suite, compare, deterministic

suite = Suite()


def _check_indices(got, n, k, inputs):
    """k distinct integer row indices in [0, n)."""
    arr = compare.as_array(got, "returned indices", inputs)
    compare.is_true(arr.shape == (k,), f"expected shape ({k},), got {arr.shape}", inputs=inputs)
    compare.is_true(
        arr.dtype.kind in "iu" or bool(np.all(arr == np.round(arr))),
        f"expected integer row indices, got {got!r}",
        inputs=inputs,
    )
    idx = arr.astype(np.int64)
    compare.is_true(
        bool(np.all((idx >= 0) & (idx < n))),
        f"indices must lie in [0, {n}), got {idx.tolist()}",
        inputs=inputs,
    )
    compare.is_true(
        len(set(idx.tolist())) == k,
        f"a row was chosen twice: {idx.tolist()} (a chosen row has D = 0 and cannot be "
        "picked again)",
        inputs=inputs,
    )
    return idx


@suite.check(
    "returns k distinct row indices",
    hint="return the indices of the chosen rows (not the rows), each at most once",
)
def valid_indices(t):
    X = t.rng.normal(size=(30, 3))
    for k in (1, 4, 12):
        for seed in range(3):
            got = t.sub.kmeans_pp_init(X, k, seed)
            _check_indices(got, 30, k, f"X: (30, 3) standard normal, k={k}, seed={seed}")


suite.add(
    deterministic(
        "kmeans_pp_init",
        Case.of(np.random.default_rng(5).normal(size=(40, 2)), 5, 11),
        hint="draw every random number from a generator built from the seed argument",
    )
)


def _chi2_sf(x, df):
    """P(chi-square with df degrees of freedom > x), closed form for integer df."""
    if x <= 0:
        return 1.0
    h = x / 2
    if df % 2 == 0:
        total = sum(math.exp(-h + i * math.log(h) - math.lgamma(i + 1)) for i in range(df // 2))
    else:
        total = math.erfc(math.sqrt(h)) + sum(
            math.exp(-h + (i - 0.5) * math.log(h) - math.lgamma(i + 0.5))
            for i in range(1, (df - 1) // 2 + 1)
        )
    return min(1.0, total)


def _pair_probs(X, farthest=False, first=None):
    """P(first, second pick) under D^2 sampling (or a mistaken variant of it)."""
    n = len(X)
    out = {}
    for i in range(n) if first is None else [first]:
        d2 = ((X - X[i]) ** 2).sum(axis=1)  # (n,) squared distances to the first centre
        share = (d2 == d2.max()).astype(float) if farthest else d2 / d2.sum()
        for j in np.flatnonzero(share):
            out[(i, int(j))] = share[j] / (n if first is None else 1)
    return out


@suite.check(
    "second centre follows D^2 (statement example)",
    hint="the first centre is uniform; the next is drawn at random with probability "
    "proportional to D(x)^2",
)
def example_distribution(t):
    X = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])
    runs, base = 300, int(t.rng.integers(0, 2**31))
    counts = {}
    results = t.helper("call_each", t.sub.kmeans_pp_init, [[X, 2, base + r] for r in range(runs)])
    for r, got in enumerate(results):
        pair = tuple(
            int(v) for v in _check_indices(got, 3, 2, f"X={X.tolist()}, k=2, seed={base + r}")
        )
        counts[pair] = counts.get(pair, 0) + 1
    models = {
        "correct": _pair_probs(X),
        "taking the farthest row instead of sampling": _pair_probs(X, farthest=True),
        "always starting from row 0 instead of a uniformly random row": _pair_probs(X, first=0),
    }
    fits = {}
    for name, probs in models.items():
        # pool the rare pairs (expected count < 5) with the least likely common pair
        rare = [c for c in probs if probs[c] * runs < 5]
        common = sorted((c for c in probs if c not in rare), key=probs.get)
        obs = [counts.get(c, 0) for c in common]
        exp = [probs[c] * runs for c in common]
        obs[0] += sum(counts.get(c, 0) for c in rare)
        exp[0] += sum(probs[c] for c in rare) * runs
        if any(c not in probs for c in counts):
            fits[name] = 0.0
            continue
        stat = sum((o - e) ** 2 / e for o, e in zip(obs, exp) if e > 0)
        fits[name] = _chi2_sf(stat, max(1, sum(e > 0 for e in exp) - 1))
    if fits.pop("correct") >= 1e-6:
        return
    truth = models["correct"]
    seen = ", ".join(
        f"{list(c)}: {counts.get(c, 0) / runs:.1%} (D^2 gives {truth[c]:.1%})"
        for c in sorted(truth)
    )
    best = max(fits, key=fits.get)
    t.fail(
        f"over {runs} seeds, the (first, second) picks do not follow k-means++: {seen}",
        hint=f"likely mistake: {best}" if fits[best] > 1e-4 else None,
    )
