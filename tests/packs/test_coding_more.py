"""Oracle and property tests for the coding packs of issue 3 (streaming, sampling,
scheduling, graphs, top-k, caches). Each reference is checked against an independent
implementation (numpy, scipy, scikit-learn, the standard library or brute force), and the
checks' own helpers (chi-square tails, mistake models) are checked where they decide a
verdict."""

from __future__ import annotations

import itertools
import math
import random
from collections import OrderedDict

import numpy as np
import pytest
from scipy import stats


# ----------------------------------------------------------------------------- welford
def _feed(cls, values):
    s = cls()
    for x in values:
        s.update(x)
    return s


@pytest.mark.parametrize(
    "name", ["solution", "alternatives/shifted-sums", "alternatives/weighted-update"]
)
def test_welford_matches_numpy_two_pass(load_pack, name):
    mod = load_pack("welford-mean-variance", name)
    rng = np.random.default_rng(0)
    for offset, scale in ((0.0, 1.0), (1e9, 1.0), (-5.0, 1e-3)):
        x = offset + scale * rng.standard_normal(300)
        s = _feed(mod.RunningStats, x.tolist())
        assert s.count == 300
        assert s.mean == pytest.approx(x.mean(), rel=1e-12)
        for ddof in (0, 1):
            assert s.variance(ddof) == pytest.approx(np.var(x, ddof=ddof), rel=1e-6)
        a, b = _feed(mod.RunningStats, x[:100].tolist()), _feed(mod.RunningStats, x[100:].tolist())
        merged = a.merge(b)
        assert merged.variance() == pytest.approx(np.var(x), rel=1e-6)
        assert a.count == 100 and b.count == 200  # operands unchanged
    assert math.isnan(mod.RunningStats().variance())


def test_welford_large_offset_breaks_the_naive_formula(load_pack):
    naive = load_pack("welford-mean-variance", "mutants/naive-sum-of-squares")
    x = 1e9 + np.random.default_rng(1).standard_normal(400)
    got = _feed(naive.RunningStats, x.tolist()).variance()
    assert abs(got - np.var(x)) > 1e-2 * np.var(x)  # the hidden check's data defeats it


# ----------------------------------------------------------------------------- chi-square helpers
@pytest.mark.parametrize("slug", ["reservoir-sampling", "kmeans-plus-plus-init"])
def test_chi2_tail_matches_scipy(load_pack, slug):
    hidden = load_pack(slug, "hidden")
    for df in (1, 2, 5, 9, 14, 19, 46):
        for x in (0.5, df * 0.8, df + 3.0, 3.0 * df + 20.0):
            assert hidden._chi2_sf(x, df) == pytest.approx(
                stats.chi2.sf(x, df), rel=1e-9, abs=1e-300
            )


# ----------------------------------------------------------------------------- reservoir
def test_reservoir_inclusion_model(load_pack):
    hidden = load_pack("reservoir-sampling", "hidden")
    n, k = 12, 3
    assert hidden._inclusion(lambda m: k / (m + 1), n, k) == pytest.approx([k / n] * n)
    # the off-by-one rule has a closed form: (k - 1)/(n - 1) early, k/(n - 1) later
    off = hidden._inclusion(lambda m: k / m, n, k)
    assert off == pytest.approx([(k - 1) / (n - 1)] * k + [k / (n - 1)] * (n - k))


@pytest.mark.parametrize(
    "name", ["solution", "alternatives/random-keys-heap", "alternatives/algorithm-l"]
)
def test_reservoir_subsets_uniform(load_pack, name):
    mod = load_pack("reservoir-sampling", name)
    runs = 3000
    counts = {s: 0 for s in itertools.combinations(range(5), 2)}
    for seed in range(runs):
        got = mod.reservoir_sample(range(5), 2, seed)
        counts[tuple(sorted(got))] += 1
    assert stats.chisquare(list(counts.values())).pvalue > 1e-4
    assert sorted(mod.reservoir_sample([1, 2], 5, 0)) == [1, 2]


# ----------------------------------------------------------------------------- k-means++
def test_kmeans_pp_model_agrees_with_sklearn(load_pack):
    """scikit-learn's kmeans_plusplus with one local trial is the plain algorithm: its picks
    must fit the check's exact model of D^2 sampling (and the reference's must too)."""
    from sklearn.cluster import kmeans_plusplus

    hidden = load_pack("kmeans-plus-plus-init", "hidden")
    ref = load_pack("kmeans-plus-plus-init")
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [10.0, 0.0]])
    truth = hidden._model(X, 3, "correct")
    assert sum(truth.values()) == pytest.approx(1.0)
    for pick in (
        lambda s: tuple(kmeans_plusplus(X, 3, random_state=s, n_local_trials=1)[1]),
        lambda s: tuple(ref.kmeans_pp_init(X, 3, s)),
    ):
        counts = {}
        for seed in range(600):
            c = tuple(int(i) for i in pick(seed))
            counts[c] = counts.get(c, 0) + 1
        assert hidden._fit(counts, truth, 600) > 1e-4
        assert hidden._fit(counts, hidden._model(X, 3, "D"), 600) < 1e-6  # the test has power


# ----------------------------------------------------------------------------- interval allocation
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/event-sweep", "alternatives/earliest-free-machine"]
)
def test_interval_allocation_is_optimal_and_valid(load_pack, name):
    mod = load_pack("interval-allocation", name)
    rng = random.Random(0)
    for _ in range(300):
        jobs = [
            (s, s + rng.randint(1, 6))
            for s in (rng.randint(-5, 15) for _ in range(rng.randint(0, 9)))
        ]
        m, assignment = mod.allocate_machines(list(jobs))
        # brute force: the most jobs covering any half-open unit slot [t, t + 1)
        busiest = max((sum(s <= t < e for s, e in jobs) for t in range(-5, 25)), default=0)
        assert m == busiest
        for a, b in itertools.combinations(range(len(jobs)), 2):
            if assignment[a] == assignment[b]:
                assert jobs[a][1] <= jobs[b][0] or jobs[b][1] <= jobs[a][0]


# ----------------------------------------------------------------------------- topological sort
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/iterative-dfs", "alternatives/graphlib"]
)
def test_topological_sort_against_graphlib(load_pack, name):
    import graphlib

    mod = load_pack("topological-sort", name)
    rng = random.Random(1)
    for _ in range(400):
        n = rng.randint(0, 7)
        edges = (
            [(rng.randrange(n), rng.randrange(n)) for _ in range(rng.randint(0, 9))] if n else []
        )
        sorter = graphlib.TopologicalSorter({v: [] for v in range(n)})
        for u, v in edges:
            sorter.add(v, u)
        try:
            list(sorter.static_order())
            acyclic = True
        except graphlib.CycleError:
            acyclic = False
        ok, nodes = mod.topological_sort(n, list(edges))
        assert ok == acyclic
        if ok:
            pos = {v: i for i, v in enumerate(nodes)}
            assert sorted(nodes) == list(range(n))
            assert all(pos[u] < pos[v] for u, v in edges)
        else:
            assert len(set(nodes)) == len(nodes) > 0
            assert all(e in set(edges) for e in zip(nodes, nodes[1:] + nodes[:1], strict=True))


# ----------------------------------------------------------------------------- top-k
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/nlargest", "alternatives/buffer-and-prune"]
)
def test_top_k_stream_matches_a_stable_sort(load_pack, name):
    mod = load_pack("top-k-heap", name)
    rng = np.random.default_rng(2)
    for n, k in ((0, 2), (5, 0), (30, 7), (200, 50), (50, 80)):
        stream = [
            (f"id{rng.integers(10**6)}_{i}", float(s)) for i, s in enumerate(rng.integers(0, 5, n))
        ]
        oracle = [stream[i] for i in np.argsort([-s for _, s in stream], kind="stable")[:k]]
        assert [tuple(p) for p in mod.top_k_stream(stream, k)] == oracle


@pytest.mark.parametrize(
    "name", ["solution", "alternatives/counting-sort", "alternatives/stable-sort"]
)
def test_top_k_by_grade_matches_numpy(load_pack, name):
    mod = load_pack("top-k-buckets", name)
    rng = np.random.default_rng(3)
    for n, g, k in ((0, 3, 2), (10, 0, 4), (100, 5, 30), (500, 1000, 499), (20, 3, 50)):
        grades = rng.integers(0, g + 1, n)
        oracle = np.argsort(-grades, kind="stable")[:k].tolist()
        assert mod.top_k_by_grade(grades.tolist(), k, g) == oracle


# ----------------------------------------------------------------------------- sliding median
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/bisect-window", "alternatives/fenwick-ranks"]
)
def test_sliding_median_matches_numpy(load_pack, name):
    mod = load_pack("sliding-window-median", name)
    rng = np.random.default_rng(4)
    for n, w, kind in (
        (0, 1, "f"),
        (1, 1, "f"),
        (50, 4, "i"),
        (200, 7, "i"),
        (300, 30, "f"),
        (5, 9, "f"),
    ):
        x = rng.integers(0, 4, n) if kind == "i" else rng.normal(size=n).round(1)
        want = (
            np.median(np.lib.stride_tricks.sliding_window_view(x, w), axis=1)
            if w <= n
            else np.array([])
        )
        got = mod.sliding_window_median(x.tolist(), w)
        assert all(type(v) is float for v in got)
        np.testing.assert_allclose(got, want, rtol=1e-12)


# ----------------------------------------------------------------------------- bucket batching
def _padded(lengths, batches):
    return sum(len(b) * max(lengths[i] for i in b) for b in batches)


def _partitions(items):
    """Every way to split `items` into non-empty groups."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in _partitions(rest):
        for i in range(len(part)):
            yield [*part[:i], [first, *part[i]], *part[i + 1 :]]
        yield [[first], *part]


def test_bucket_greedy_uses_fewest_batches(load_pack):
    """Brute force over every partition of small inputs: longest-first greedy is minimal."""
    ref = load_pack("bucket-batching")
    rng = random.Random(5)
    for _ in range(150):
        budget = rng.randint(4, 16)
        lengths = [rng.randint(1, budget) for _ in range(rng.randint(1, 7))]
        fewest = min(
            len(p)
            for p in _partitions(list(range(len(lengths))))
            if all(len(b) * max(lengths[i] for i in b) <= budget for b in p)
        )
        assert len(ref.bucket_batches(lengths, budget)[0]) == fewest


@pytest.mark.parametrize("name", ["alternatives/ascending-fill", "alternatives/optimal-dp"])
def test_bucket_alternatives_within_the_stated_slack(load_pack, name):
    ref, alt = load_pack("bucket-batching"), load_pack("bucket-batching", name)
    rng = np.random.default_rng(6)
    for _ in range(30):
        budget = int(rng.choice([256, 1024, 4096]))
        lengths = [int(min(budget, max(1, v))) for v in rng.lognormal(4, 1, 300)]
        mine, ratio = alt.bucket_batches(lengths, budget)
        greedy = ref.bucket_batches(lengths, budget)[0]
        assert len(mine) <= len(greedy)
        assert _padded(lengths, mine) <= 1.10 * _padded(lengths, greedy)
        padded = _padded(lengths, mine)
        assert ratio == pytest.approx((padded - sum(lengths)) / padded)


# ----------------------------------------------------------------------------- backorder queue
def test_backorder_reference_matches_the_checks_model(load_pack):
    ref = load_pack("backorder-queue")
    alt = load_pack("backorder-queue", "alternatives/deque-and-heap")
    hidden = load_pack("backorder-queue", "hidden")
    rng = np.random.default_rng(7)
    differs = dict.fromkeys(hidden.MISTAKES, False)
    for n in (5, 20, 60, 150) * 5:
        events = hidden._random_events(rng, n, n)
        for policy in ("fifo", "priority"):
            want = hidden._model(events, 2, policy)
            assert ref.process_events(events, 2, policy) == want
            assert alt.process_events(events, 2, policy) == want
            for name, flags in hidden.MISTAKES.items():
                differs[name] |= hidden._model(events, 2, policy, **flags) != want
    assert all(differs.values())  # every mistake model describes a different behaviour


# ----------------------------------------------------------------------------- LRU cache
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/ordered-dict", "alternatives/pointer-dicts"]
)
def test_lru_matches_an_ordered_dict_model(load_pack, name):
    mod = load_pack("lru-cache", name)
    rng = random.Random(8)
    for capacity in (0, 1, 2, 5, 17):
        cache, model = mod.LRUCache(capacity), OrderedDict()
        for step in range(600):
            key = rng.randrange(12)
            if rng.random() < 0.5:
                cache.put(key, step)
                if capacity:
                    model[key] = step
                    model.move_to_end(key)
                    if len(model) > capacity:
                        model.popitem(last=False)
            else:
                want = model.get(key)
                if want is not None:
                    model.move_to_end(key)
                assert cache.get(key) == want


def test_lru_mistake_models_differ(load_pack):
    hidden = load_pack("lru-cache", "hidden")
    ops = hidden._random_ops(np.random.default_rng(9), 400, 9)
    good = hidden._simulate(hidden._Model(5), ops)
    for flags in hidden.MISTAKES.values():
        assert hidden._simulate(hidden._Model(5, **flags), ops) != good
