import math
from collections import Counter
from itertools import combinations

from mldrills.checks import Suite, compare

suite = Suite()

# Each test rejects at p < 1e-6. Measured by simulation (2000 samples per grading, as below):
# - every item equally likely (n=12, k=3): false alarms 0 of 20 000 correct gradings
#   (smallest p 3e-5); power 200 of 200 against the off-by-one acceptance (largest p
#   1.7e-19) and against the k = 1 rule;
# - every subset equally likely (n=6, k=3, 20 cells of expected 100, where the chi-square
#   approximation is accurate): false alarms 0 of 100 000 (smallest p 3.6e-5); power 200
#   of 200 against evicting the oldest kept item.
ALPHA = 1e-6


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


def _samples(t, n, k, runs):
    """Sample positions of range(n) under `runs` consecutive seeds; validate each sample."""
    base = 30_000  # fixed seeds: a submission gets the same verdict every time it is graded
    stream = list(range(n))
    out = []
    results = t.helper("call_each", t.sub.reservoir_sample, [[stream, k, base + r] for r in range(runs)])
    for r, got in enumerate(results):
        ok = isinstance(got, list) and len(got) == k and len(set(got)) == k and set(got) <= set(stream)
        compare.is_true(
            ok, f"expected {k} distinct items of the stream, got {got!r}",
            inputs=f"stream=list(range({n})), k={k}, seed={base + r}",
        )
        out.append(tuple(sorted(got)))
    return out


def _inclusion(accept, n, k):
    """P(position j is in the final sample) when position m is accepted with probability
    accept(m) and evicts a uniformly chosen kept item."""
    a = [1.0 if m < k else min(1.0, accept(m)) for m in range(n)]
    probs = []
    for j in range(n):
        p = a[j]
        for m in range(max(j + 1, k), n):
            p *= 1 - a[m] / k
        probs.append(p)
    return probs


def _inclusion_stat(counts, probs, runs, n, k):
    """Chi-square statistic of position counts (sampling without replacement correlates them)."""
    stat = 0.0
    for c, p in zip(counts, probs):
        var = runs * p * (1 - p) * n / (n - 1)
        stat += (c - runs * p) ** 2 / max(var, 1e-12)
    return stat


@suite.check(
    "every item equally likely",
    hint="after the reservoir is full, item i (counting from 0) must enter with probability "
    "k / (i + 1), evicting a uniformly chosen kept item",
)
def uniform_inclusion(t):
    n, k, runs = 12, 3, 2000
    samples = _samples(t, n, k, runs)
    counts = [0] * n
    for s in samples:
        for i in s:
            counts[i] += 1
    fair = [k / n] * n
    stat = _inclusion_stat(counts, fair, runs, n, k)
    p_value = _chi2_sf(stat, n - 1)
    if p_value >= ALPHA:
        return
    rates = ", ".join(f"{c / runs:.0%}" for c in counts)
    mistakes = {
        "the acceptance test is off by one (item i enters with probability k / i, as with "
        "randrange(i) instead of randrange(i + 1))": _inclusion(lambda m: k / m, n, k),
        "item i enters with probability 1 / (i + 1), the rule for k = 1, instead of "
        "k / (i + 1)": _inclusion(lambda m: 1 / (m + 1), n, k),
    }
    best, best_p = None, ALPHA
    for name, probs in mistakes.items():
        p_alt = _chi2_sf(_inclusion_stat(counts, probs, runs, n, k), n - 1)
        if p_alt > best_p:
            best, best_p = name, p_alt
    t.fail(
        f"over {runs} seeds, each of the {n} positions should be picked {k}/{n} = {k / n:.0%} "
        f"of the time; yours were picked: {rates} (first to last position). A chi-square test "
        f"rejects uniformity: {_p(p_value)}.",
        hint=f"likely mistake: {best}" if best else None,
    )


@suite.check(
    "every subset equally likely",
    hint="each kept item must be equally likely to be evicted; evicting by a fixed rule "
    "(the oldest, a round-robin slot) ties which items survive together",
)
def uniform_subsets(t):
    n, k, runs = 6, 3, 2000
    counts = Counter(_samples(t, n, k, runs))
    subsets = list(combinations(range(n), k))
    expected = runs / len(subsets)
    stat = sum((counts.get(s, 0) - expected) ** 2 / expected for s in subsets)
    p_value = _chi2_sf(stat, len(subsets) - 1)
    if p_value >= ALPHA:
        return
    ranked = sorted(subsets, key=lambda s: counts.get(s, 0))
    hi, lo = ranked[-1], ranked[0]
    t.fail(
        f"over {runs} seeds with n={n}, k={k}, each of the {len(subsets)} possible subsets of "
        f"positions should appear {1 / len(subsets):.0%} of the time; {list(hi)} appeared "
        f"{counts.get(hi, 0) / runs:.1%} and {list(lo)} {counts.get(lo, 0) / runs:.1%}. "
        f"A chi-square test rejects uniformity: {_p(p_value)}."
    )


@suite.check("k = 0 and k = n", hint="k = 0 keeps nothing; k = n keeps everything")
def k_edges(t):
    stream = [3, 1, 4, 1, 5]
    compare.equal(t.sub.reservoir_sample(stream, 0, 1), [], what="sample", inputs="k=0")
    got = t.sub.reservoir_sample(stream, 5, 1)
    compare.is_true(
        isinstance(got, list) and sorted(got) == sorted(stream),
        f"with k = n every item is kept: expected the items {sorted(stream)} in any order, "
        f"got {got!r}",
        inputs=f"stream={stream}, k=5, seed=1",
    )
    compare.equal(t.sub.reservoir_sample([], 3, 1), [], what="sample", inputs="an empty stream")


@suite.check(
    "repeated items are sampled by position",
    hint="the same value at two positions is two items; keep copies, do not deduplicate",
)
def repeated_items(t):
    stream = ["x"] * 6 + ["y"] * 2
    for seed in range(4):
        got = t.sub.reservoir_sample(stream, 4, seed)
        inputs = f"stream={stream}, k=4, seed={seed}"
        compare.is_true(
            isinstance(got, list) and len(got) == 4 and not (Counter(got) - Counter(stream)),
            f"expected 4 items taken from distinct positions (values may repeat), got {got!r}",
            inputs=inputs,
        )
