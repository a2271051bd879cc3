import math

import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

# The chi-square approximation is loose with many small cells: at a nominal 1e-6 a correct
# sampler failed about 5 in 100 000 simulated gradings. So the nominal level is 1e-15.
# Measured on simulated multinomial counts (800 runs, X and k of d2_distribution):
# false alarms 0 of 100 000 correct gradings (smallest p 5.5e-7; rate below 3e-5 at 95%);
# power 3000 of 3000 against D instead of D^2 (largest p 1.3e-58) and 1000 of 1000
# against D to the last centre, so the margin either way is many orders of magnitude.
ALPHA = 1e-15
MIN_EXPECTED = 5  # cells expected fewer times than this are pooled


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


def _p(p_value):
    """A p-value for messages (tiny ones underflow to 0 in double precision)."""
    return f"p = {p_value:.1e}" if p_value > 1e-300 else "p < 1e-300"


def _indices(got, n, k, inputs):
    """k distinct integer row indices in [0, n), as a tuple."""
    arr = compare.as_array(got, "returned indices", inputs)
    ok = arr.shape == (k,) and bool(np.all(arr == np.round(arr)))
    idx = tuple(int(v) for v in arr) if ok else ()
    compare.is_true(
        ok and all(0 <= i < n for i in idx) and len(set(idx)) == k,
        f"expected {k} distinct row indices in [0, {n}), got {got!r}",
        inputs=inputs,
    )
    return idx


def _model(X, k, variant):
    """Exact probability of every ordered tuple of picks under a sampling rule."""
    n = len(X)
    sq = ((X[:, None, :] - X[None, :, :]) ** 2).sum(-1)  # (n, n) squared distances
    out = {}

    def extend(chosen, p):
        if len(chosen) == k:
            out[tuple(chosen)] = out.get(tuple(chosen), 0.0) + p
            return
        if not chosen:
            for i in [0] if variant == "first-row" else range(n):
                extend([i], p / (1 if variant == "first-row" else n))
            return
        d2 = sq[chosen[-1]].copy() if variant == "last" else sq[chosen].min(axis=0)
        w = np.sqrt(d2) if variant == "D" else d2
        w[chosen] = 0.0
        if variant == "farthest":
            extend([*chosen, int(np.argmax(w))], p)
            return
        for j in np.flatnonzero(w):
            extend([*chosen, int(j)], p * w[j] / w.sum())

    extend([], 1.0)
    return out


VARIANTS = {
    "D": "sampling proportional to D, not D^2",
    "last": "measuring D to the most recent centre instead of the nearest one",
    "farthest": "taking the farthest row (argmax) instead of sampling",
    "first-row": "always starting from row 0 instead of a uniformly random row",
}


def _fit(counts, probs, runs):
    """Chi-square p-value of observed counts against model probabilities (small cells pooled)."""
    cells = set(counts) | set(probs)
    obs, exp, pool_o, pool_e = [], [], 0, 0.0
    for c in cells:
        e = probs.get(c, 0.0) * runs
        if e >= MIN_EXPECTED:
            obs.append(counts.get(c, 0))
            exp.append(e)
        else:
            pool_o += counts.get(c, 0)
            pool_e += e
    if pool_e == 0 and pool_o > 0:
        return 0.0  # picks the model says are impossible
    if pool_e >= 5 or (pool_e > 0 and not exp):
        obs.append(pool_o)
        exp.append(pool_e)
    elif pool_e > 0:  # still too small for the chi-square approximation: merge it
        j = exp.index(min(exp))
        obs[j] += pool_o
        exp[j] += pool_e
    stat = sum((o - e) ** 2 / e for o, e in zip(obs, exp))
    return _chi2_sf(stat, max(1, len(obs) - 1))


@suite.check(
    "D^2 sampling distribution",
    hint="each new centre: probability proportional to the squared distance to the nearest "
    "centre chosen so far",
)
def d2_distribution(t):
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [10.0, 0.0]])
    # fixed seeds: a submission gets the same verdict every time it is graded
    k, runs, base = 3, 800, 20_000
    counts = {}
    results = t.helper("call_each", t.sub.kmeans_pp_init, [[X, k, base + r] for r in range(runs)])
    for r, centres in enumerate(results):
        picks = _indices(centres, len(X), k, f"X={X.tolist()}, k={k}, seed={base + r}")
        counts[picks] = counts.get(picks, 0) + 1
    truth = _model(X, k, "correct")
    p_value = _fit(counts, truth, runs)
    if p_value >= ALPHA:
        return
    worst = max(
        truth.keys() | counts.keys(), key=lambda c: abs(counts.get(c, 0) - runs * truth.get(c, 0.0))
    )
    fits = {name: _fit(counts, _model(X, k, v), runs) for v, name in VARIANTS.items()}
    best = max(fits, key=fits.get)
    t.fail(
        f"over {runs} seeds on X={X.tolist()} with k={k}, the ordered picks do not follow "
        f"k-means++ (chi-square {_p(p_value)}); for example the picks "
        f"{list(worst)} came up in {counts.get(worst, 0) / runs:.1%} of runs, where D^2 "
        f"sampling gives {truth.get(worst, 0.0):.1%}",
        hint=f"likely mistake: {best}" if fits[best] > 1e-4 else None,
    )


@suite.check(
    "fewer distinct points than k",
    hint="when every D is 0 the probabilities are 0/0: pick uniformly among rows not yet "
    "chosen instead",
)
def duplicates(t):
    X = np.array([[1.0, 1.0]] * 4 + [[5.0, 5.0]] * 2)
    same = np.zeros((5, 3))
    calls = [[X, 4, seed] for seed in range(20)] + [[same, 5, seed] for seed in range(10)]
    results = t.helper("call_each", t.sub.kmeans_pp_init, calls)  # one round trip
    for (x, k, seed), got in zip(calls, results):
        inputs = f"X={X.tolist()}, k=4" if x is X else "X: 5 identical rows, k=5"
        _indices(got, len(x), k, f"{inputs}, seed={seed}")


@suite.check("k = 1 and k = n", hint="k = n must return every row exactly once")
def k_edges(t):
    X = t.rng.normal(size=(8, 2))
    for seed in range(5):
        _indices(t.sub.kmeans_pp_init(X, 1, seed), 8, 1, f"X: (8, 2), k=1, seed={seed}")
        picks = _indices(t.sub.kmeans_pp_init(X, 8, seed), 8, 8, f"X: (8, 2), k=8, seed={seed}")
        compare.equal(sorted(picks), list(range(8)), what="sorted picks with k = n")
    one = np.array([[3.0, -1.0, 2.0]])
    _indices(t.sub.kmeans_pp_init(one, 1, 0), 1, 1, "X: a single row, k=1")


@suite.check("X is left unchanged", hint="work on copies or new arrays; never write into X")
def not_mutated(t):
    X = t.rng.normal(size=(10, 3))
    remote_x = t.remote(X)
    t.sub.kmeans_pp_init(remote_x, 3, 0)
    compare.close(remote_x._get(), X, what="X after the call", rtol=0, atol=0)
