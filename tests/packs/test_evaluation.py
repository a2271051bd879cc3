"""Oracle tests for packs/evaluation: each reference (and its alternatives) against an
independent implementation in scikit-learn, scipy or plain enumeration, plus the
numbers quoted in the statements."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import optimize, special, stats
from sklearn import isotonic, metrics


def _labels_scores(rng: np.random.Generator, n: int, levels: int) -> tuple[np.ndarray, np.ndarray]:
    """Binary labels (both classes present) and informative scores with many ties."""
    y = rng.integers(0, 2, n)
    y[:2] = [0, 1]
    return y, np.round(rng.random(n) * levels + y, 0) / levels


# --------------------------------------------------------------------------- roc-auc
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/roc-trapezoid", "alternatives/searchsorted-counts"]
)
def test_roc_auc_matches_sklearn(load_pack, name):
    roc_auc = load_pack("roc-auc", name).roc_auc
    rng = np.random.default_rng(0)
    for n, levels in ((2, 1), (9, 3), (200, 5), (500, 500)):
        y, s = _labels_scores(rng, n, levels)
        assert roc_auc(y, s) == pytest.approx(metrics.roc_auc_score(y, s), abs=1e-12)
    assert roc_auc(np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.4, 0.35, 0.8, 0.8, 0.9])) == (
        pytest.approx(6.5 / 9)
    )
    assert math.isnan(roc_auc(np.ones(3, int), np.array([0.1, 0.2, 0.3])))


# --------------------------------------------------------------------------- average-precision
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/sweep-loop", "alternatives/sklearn-call"]
)
def test_average_precision_matches_sklearn(load_pack, name):
    ap = load_pack("average-precision", name).average_precision
    rng = np.random.default_rng(1)
    for n, levels in ((3, 2), (20, 4), (300, 10), (400, 400)):
        y, s = _labels_scores(rng, n, levels)
        assert ap(y, s) == pytest.approx(metrics.average_precision_score(y, s), abs=1e-12)
    example = (
        np.array([1, 0, 0, 1, 1, 0, 1, 0]),
        np.array([0.95, 0.9, 0.8, 0.7, 0.6, 0.6, 0.5, 0.2]),
    )
    assert ap(*example) == pytest.approx(9 / 14)
    assert math.isnan(ap(np.zeros(3, int), np.array([0.1, 0.2, 0.3])))


# --------------------------------------------------------------------------- precision-at-recall
def _precision_at_recall_oracle(y, s, min_recall):
    """Best precision at recall >= min_recall from sklearn's PR curve, highest threshold on ties."""
    precision, recall, thresholds = metrics.precision_recall_curve(y, s)
    allowed = recall[:-1] >= min_recall  # the curve's last point (recall 0) has no threshold
    best = precision[:-1][allowed].max()
    return best, thresholds[allowed & (precision[:-1] == best)].max()


@pytest.mark.parametrize(
    "name", ["solution", "alternatives/brute-force", "alternatives/sklearn-curve"]
)
def test_precision_at_recall_matches_oracle(load_pack, name):
    par = load_pack("precision-at-recall", name).precision_at_recall
    rng = np.random.default_rng(2)
    for n, levels in ((6, 3), (40, 6), (120, 120)):
        y, s = _labels_scores(rng, n, levels)
        for k in (0, y.sum() // 2, y.sum() - 1):
            target = (k + 0.5) / y.sum()
            assert par(y, s, target) == pytest.approx(_precision_at_recall_oracle(y, s, target))
    example = (
        np.array([1, 0, 0, 1, 1, 1, 0, 0]),
        np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]),
    )
    assert par(*example, 0.5) == pytest.approx((4 / 6, 0.4))


# --------------------------------------------------------------------------- cost-optimal-threshold
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/brute-force", "alternatives/sklearn-roc-curve"]
)
def test_cost_optimal_threshold_matches_oracle(load_pack, name):
    cot = load_pack("cost-optimal-threshold", name).cost_optimal_threshold
    rng = np.random.default_rng(3)
    for n in (1, 10, 80):
        y = (rng.random(n) < 0.3).astype(int)
        s = np.round(rng.normal(size=n) + y, 1)
        c_fp, c_fn = int(rng.integers(1, 4)), int(rng.integers(1, 10))
        candidates = [math.inf, *sorted(set(s.tolist()), reverse=True)]
        costs = [
            c_fp * np.sum((s >= t) & (y == 0)) + c_fn * np.sum((s < t) & (y == 1))
            for t in candidates
        ]
        k = int(np.argmin(costs))  # first minimum = highest threshold
        assert cot(y, s, c_fp, c_fn) == pytest.approx((candidates[k], costs[k]))
    example = (
        np.array([0, 1, 0, 1, 1, 0, 0, 0, 1, 0]),
        np.array([0.1, 0.9, 0.35, 0.6, 0.4, 0.8, 0.2, 0.3, 0.15, 0.5]),
    )
    assert cot(*example, 1, 5) == pytest.approx((0.15, 5.0))


# --------------------------------------------------------------------------- calibration-metrics
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/loop-and-sklearn", "alternatives/histogram"]
)
def test_calibration_metrics_match_oracles(load_pack, name):
    mod = load_pack("calibration-metrics", name)
    rng = np.random.default_rng(4)
    for n, n_bins in ((50, 5), (2000, 10), (500, 15)):
        p = rng.beta(0.8, 0.8, n)
        y = (rng.random(n) < p**1.3).astype(int)
        assert mod.brier_score(y, p) == pytest.approx(metrics.brier_score_loss(y, p))
        # np.histogram's bins are [lo, hi), the last one closed: the statement's binning
        edges = np.linspace(0, 1, n_bins + 1)
        counts = np.histogram(p, edges)[0]
        positives = np.histogram(p, edges, weights=y)[0]
        confidence = np.histogram(p, edges, weights=p)[0]
        used = counts > 0
        gaps = np.abs(positives[used] / counts[used] - confidence[used] / counts[used])
        expected = np.sum(counts[used] / n * gaps)
        assert mod.expected_calibration_error(y, p, n_bins) == pytest.approx(expected, abs=1e-12)
    y, p = np.array([0, 0, 1, 1, 1, 0]), np.array([0.1, 0.3, 0.35, 0.85, 0.9, 0.75])
    assert mod.brier_score(y, p) == pytest.approx(0.18625)
    assert mod.expected_calibration_error(y, p, n_bins=5) == pytest.approx(1.45 / 6)
    # the edge convention: 0.5 with 4 bins belongs to [0.5, 0.75), 1.0 to the last bin
    assert mod.expected_calibration_error(np.array([1, 0]), np.array([0.5, 1.0]), 4) == (
        pytest.approx(0.5 * 0.5 + 0.5 * 1.0)
    )


# --------------------------------------------------------------------------- ranking-metrics
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/numpy-vectorised", "alternatives/rank-positions"]
)
def test_ranking_metrics_match_oracles(load_pack, name):
    mod = load_pack("ranking-metrics", name)
    rng = np.random.default_rng(5)
    for k in (1, 3, 8):
        grades = rng.integers(0, 4, 12)  # 12 judged items; the system returns 8 of them
        ranked = [int(i) for i in rng.permutation(12)[:8]]
        relevance = {i: int(g) for i, g in enumerate(grades)}
        scores = np.zeros(12)
        scores[ranked] = np.arange(len(ranked), 0, -1)  # returned items first, in order
        gains = (2.0**grades - 1)[None, :]
        if gains.sum() > 0:
            expected = metrics.ndcg_score(gains, scores[None, :], k=k)
            assert mod.ndcg_at_k(ranked, relevance, k) == pytest.approx(expected)
    # MRR with one relevant item per query equals sklearn's label ranking average precision
    truth = np.eye(6)[rng.integers(0, 6, 20)]
    scores = rng.random((20, 6))
    ranked_lists = [list(np.argsort(-row)) for row in scores]
    relevant = [list(np.flatnonzero(row)) for row in truth]
    assert mod.mrr(ranked_lists, relevant) == pytest.approx(
        metrics.label_ranking_average_precision_score(truth, scores)
    )
    # MAP@k with k >= the list length and every relevant item ranked equals mean sklearn AP
    truth = (rng.random((15, 7)) < 0.4).astype(int)
    truth[:, 0] = 1
    relevant = [list(np.flatnonzero(t)) for t in truth]
    scores = rng.random((15, 7))
    ranked_lists = [list(np.argsort(-s)) for s in scores]
    expected = np.mean(
        [metrics.average_precision_score(t, s) for t, s in zip(truth, scores, strict=True)]
    )
    assert mod.map_at_k(ranked_lists, relevant, 7) == pytest.approx(expected)
    # the statement's examples
    relevance = {"d1": 3, "d2": 2, "d5": 3, "d9": 1, "d3": 0}
    assert mod.ndcg_at_k(["d3", "d1", "d7", "d2"], relevance, 3) == pytest.approx(
        (7 / math.log2(3)) / (7 + 7 / math.log2(3) + 3 / 2)
    )
    assert mod.mrr([["a", "b", "c"], ["x", "y"], ["p", "q", "r"]], [["c"], ["z"], ["p", "r"]]) == (
        pytest.approx(4 / 9)
    )
    assert mod.map_at_k([["a", "b", "c", "d"], ["x", "y", "z"]], [["b", "d", "e"], ["x"]], 3) == (
        pytest.approx(7 / 12)
    )


# --------------------------------------------------------------------------- platt-scaling
def _platt_oracle(s, y):
    y = y.astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    loss = lambda w: np.sum(np.logaddexp(0, w[0] * s + w[1]) - t * (w[0] * s + w[1]))  # noqa: E731
    return optimize.minimize(
        loss,
        [0.0, 0.0],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20_000},
    ).x


@pytest.mark.parametrize(
    "name", ["solution", "alternatives/scipy-minimize", "alternatives/sklearn-weighted"]
)
def test_platt_matches_direct_minimisation(load_pack, name):
    fit_platt = load_pack("platt-scaling", name).fit_platt
    rng = np.random.default_rng(6)
    for scale in (1.0, 300.0):
        y = rng.integers(0, 2, 60)
        s = (rng.normal(size=60) + 1.2 * y) * scale
        assert fit_platt(s, y) == pytest.approx(_platt_oracle(s, y), rel=1e-5, abs=1e-8)
    s, y = np.array([-3.0, -1.0, 1.0, 3.0]), np.array([0, 0, 1, 1])  # separable: still finite
    assert fit_platt(s, y) == pytest.approx(_platt_oracle(s, y), rel=1e-5, abs=1e-8)
    example = fit_platt(
        np.array([-2.0, -1.2, -0.5, -0.1, 0.3, 0.8, 1.5, 2.4]), np.array([0, 0, 1, 0, 0, 1, 1, 1])
    )
    assert example == pytest.approx((0.79910, -0.11370), abs=1e-5)


# --------------------------------------------------------------------------- isotonic-regression
@pytest.mark.parametrize(
    "name",
    [
        "solution",
        "alternatives/convex-minorant",
        "alternatives/scipy-call",
        "alternatives/sklearn-estimator",
    ],
)
def test_isotonic_matches_sklearn(load_pack, name):
    iso = load_pack("isotonic-regression", name).isotonic_regression
    rng = np.random.default_rng(7)
    for n in (1, 7, 300):
        y = rng.normal(size=n) + np.linspace(0, 2, n)
        w = rng.uniform(0.1, 3.0, n)
        for increasing in (True, False):
            expected = isotonic.isotonic_regression(y, sample_weight=w, increasing=increasing)
            np.testing.assert_allclose(iso(y, w, increasing), expected, rtol=1e-10, atol=1e-10)
    assert len(iso(np.zeros(0))) == 0
    np.testing.assert_allclose(iso(np.array([1.0, 3.0, 4.0, 0.0])), [1.0, 7 / 3, 7 / 3, 7 / 3])


# --------------------------------------------------------------------------- paired-bootstrap-ci
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/multinomial-counts", "alternatives/scipy-bootstrap"]
)
def test_paired_bootstrap_agrees_with_scipy(load_pack, name):
    ci = load_pack("paired-bootstrap-ci", name).paired_bootstrap_ci
    rng = np.random.default_rng(8)
    a = rng.gamma(2.0, 0.5, 150)
    b = 0.9 * a + rng.normal(0.0, 0.1, 150)
    delta, lo, hi = ci(a, b, 10_000, 0.1, 1)
    assert delta == pytest.approx(b.mean() - a.mean(), abs=1e-12)
    res = stats.bootstrap(
        (a, b),
        lambda x, y, axis: y.mean(axis) - x.mean(axis),
        paired=True,
        vectorized=True,
        n_resamples=10_000,
        confidence_level=0.9,
        method="percentile",
        rng=np.random.default_rng(2),
    )
    se = np.std(b - a) / np.sqrt(len(a))  # Monte Carlo error of each end is about 0.025 se
    assert lo == pytest.approx(res.confidence_interval.low, abs=0.15 * se)
    assert hi == pytest.approx(res.confidence_interval.high, abs=0.15 * se)
    assert ci(np.array([0.3]), np.array([0.8]), 100, 0.05, 0) == pytest.approx((0.5, 0.5, 0.5))


# --------------------------------------------------------------------------- mcnemar-test
@pytest.mark.parametrize("name", ["solution", "alternatives/log-space", "alternatives/scipy-stats"])
def test_mcnemar_matches_scipy(load_pack, name):
    mcnemar = load_pack("mcnemar-test", name).mcnemar_test
    for only_a, only_b, agree in (
        (12, 4, 84),
        (3, 3, 10),
        (0, 1, 5),
        (140, 100, 700),
        (700, 800, 0),
    ):
        a = np.array([1] * only_a + [0] * only_b + [1] * agree)
        b = np.array([0] * only_a + [1] * only_b + [1] * agree)
        k, n = min(only_a, only_b), only_a + only_b
        assert mcnemar(a, b, True) == pytest.approx(
            (k, stats.binomtest(k, n, 0.5).pvalue), rel=1e-9
        )
        chi2 = max(abs(only_a - only_b) - 1, 0) ** 2 / n
        assert mcnemar(a, b, False) == pytest.approx((chi2, stats.chi2.sf(chi2, 1)), rel=1e-9)
    assert mcnemar(np.ones(4, int), np.ones(4, int), True) == (0.0, 1.0)


# --------------------------------------------------------------------------- permutation-test
def _exact_permutation_p(x, y):
    pooled = np.concatenate([x, y])
    t_obs = x.mean() - y.mean()
    splits = itertools.combinations(range(len(pooled)), len(x))
    t = np.array([pooled[list(c)].mean() - np.delete(pooled, list(c)).mean() for c in splits])
    return np.mean(np.abs(t) >= abs(t_obs) - 1e-9)


@pytest.mark.parametrize(
    "name", ["solution", "alternatives/loop-sums", "alternatives/scipy-permutation-test"]
)
def test_permutation_test_matches_enumeration(load_pack, name):
    perm = load_pack("permutation-test", name).permutation_test
    cases = [
        (np.array([12.1, 9.8, 15.3, 11.0, 13.4]), np.array([8.2, 10.1, 7.5, 9.9, 8.8, 10.4])),
        (np.array([3, 2, 3, 3, 2]), np.array([2, 2, 1, 3, 2, 1])),
    ]
    for x, y in cases:
        observed, p = perm(x, y, 10_000, 0)
        exact = _exact_permutation_p(x, y)
        assert observed == pytest.approx(x.mean() - y.mean())
        assert p == pytest.approx(exact, abs=5 * math.sqrt(exact * (1 - exact) / 10_000) + 2e-4)
    assert _exact_permutation_p(*cases[0]) == pytest.approx(5 / 462)
    # only the observed split and its mirror (2 of 184,756) are as extreme: p is 1 / (1 + n_perm)
    # unless a draw hits the mirror (about 1% of seeds), never 0
    x, y = np.arange(10.0) + 50, np.arange(10.0)
    assert perm(x, y, 999, 0)[1] in (pytest.approx(1 / 1000), pytest.approx(2 / 1000))


# --------------------------------------------------------------------------- ks-two-sample
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/merge-sweep", "alternatives/scipy-stats"]
)
def test_ks_matches_scipy(load_pack, name):
    ks = load_pack("ks-two-sample", name).ks_two_sample
    rng = np.random.default_rng(9)
    cases = [
        (rng.normal(0, 1, 40), rng.normal(0.5, 1, 25)),
        (rng.integers(0, 5, 30), rng.integers(1, 6, 20)),  # ties across the samples
        (np.array([1.0, 2.0]), np.array([2.0, 1.0])),
    ]
    for x, y in cases:
        d, p = ks(x, y)
        expected_d = stats.ks_2samp(x, y).statistic
        n_eff = len(x) * len(y) / (len(x) + len(y))
        assert d == pytest.approx(expected_d, abs=1e-12)
        assert p == pytest.approx(special.kolmogorov(math.sqrt(n_eff) * expected_d), abs=1e-12)


def test_ks_series_matches_scipy_everywhere(load_pack):
    q = load_pack("ks-two-sample").kolmogorov_sf
    for lam in np.r_[0.0, np.logspace(-3, 1, 60), 1.0]:
        assert q(lam) == pytest.approx(special.kolmogorov(lam), abs=1e-13)


# --------------------------------------------------------------------------- mann-whitney-u
@pytest.mark.parametrize(
    "name", ["solution", "alternatives/pair-counting", "alternatives/scipy-call"]
)
def test_mann_whitney_matches_scipy(load_pack, name):
    mwu = load_pack("mann-whitney-u", name).mann_whitney_u
    rng = np.random.default_rng(10)
    for n_x, n_y, levels in ((1, 2, 3), (6, 7, 4), (40, 55, 8), (30, 20, 1000)):
        x, y = rng.integers(0, levels, n_x), rng.integers(0, levels, n_y) + 0.5 * rng.integers(0, 2)
        res = stats.mannwhitneyu(x, y, method="asymptotic", use_continuity=True)
        expected_p = 1.0 if math.isnan(res.pvalue) else res.pvalue
        assert mwu(x, y) == pytest.approx((res.statistic, expected_p), rel=1e-9, abs=1e-14)
    x = np.array([3.1, 4.5, 2.8, 5.0, 4.5, 3.9])
    y = np.array([2.2, 3.1, 1.9, 2.5, 3.0, 2.8, 2.0])
    assert mwu(x, y)[0] == 39.0


# --------------------------------------------------------------------------- population-stability-index
def _psi_oracle(expected, actual, n_bins, eps=1e-4):
    """Bins [-inf, quantile edges, inf] via np.histogram, whose bins are [lo, hi)."""
    edges = np.r_[-np.inf, np.quantile(expected, [k / n_bins for k in range(1, n_bins)]), np.inf]
    e = np.clip(np.histogram(expected, edges)[0] / len(expected), eps, None)
    a = np.clip(np.histogram(actual, edges)[0] / len(actual), eps, None)
    return float(np.sum((a - e) * np.log(a / e)))


@pytest.mark.parametrize(
    "name",
    [
        "solution",
        "alternatives/bisect-loop",
        "alternatives/histogram",
        "alternatives/scipy-rel-entr",
    ],
)
def test_psi_matches_histogram_oracle(load_pack, name):
    psi = load_pack("population-stability-index", name).population_stability_index
    rng = np.random.default_rng(11)
    cases = [
        (rng.normal(0, 1, 500), rng.normal(0.3, 1.2, 400), 10),
        (rng.lognormal(0, 1, 300), rng.lognormal(0.5, 1, 200), 7),
        (rng.integers(0, 6, 100).astype(float), rng.integers(0, 8, 90).astype(float), 4),
        (rng.random(50), np.r_[rng.random(20), np.full(20, 5.0)], 5),
    ]
    for expected, actual, n_bins in cases:
        assert psi(expected, actual, n_bins) == pytest.approx(_psi_oracle(expected, actual, n_bins))
    actual = np.array([3, 7, 8, 9, 11, 12, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 30])
    assert psi(np.arange(1, 21), actual, 4) == pytest.approx(
        -0.2 * math.log(0.2) - 0.1 * math.log(0.6) + 0.3 * math.log(2.2)
    )


# --------------------------------------------------------------------------- properties
# Property-based tests (hypothesis): where the right answer is defined by a property
# (pair counts, order, conservation), every implementation in a pack must keep it on
# inputs hypothesis chooses, ties and tiny sizes included.
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
labels_and_scores = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 1), min_size=n, max_size=n),
        st.lists(st.integers(-3, 3), min_size=n, max_size=n),
    )
)
ROC_AUC = ["solution", "alternatives/roc-trapezoid", "alternatives/searchsorted-counts"]


@pytest.mark.parametrize("name", ROC_AUC)
@PROPERTY_SETTINGS
@given(data=labels_and_scores)
def test_roc_auc_counts_pairs(load_pack, name, data) -> None:
    roc_auc = load_pack("roc-auc", name).roc_auc
    y, s = np.array(data[0]), np.array(data[1], dtype=float)
    got = roc_auc(y, s)
    if y.min() == y.max():
        assert math.isnan(got)
        return
    pos, neg = s[y == 1][:, None], s[y == 0][None, :]
    assert got == pytest.approx(float(((pos > neg) + 0.5 * (pos == neg)).mean()), abs=1e-12)
    # only the order of the scores matters, and swapping the classes mirrors the AUC
    assert roc_auc(y, np.exp(s) * 3 - 7) == pytest.approx(got, abs=1e-12)
    assert roc_auc(1 - y, s) == pytest.approx(1 - got, abs=1e-12)


ISOTONIC = [
    "solution",
    "alternatives/convex-minorant",
    "alternatives/scipy-call",
    "alternatives/sklearn-estimator",
]


@pytest.mark.parametrize("name", ISOTONIC)
@PROPERTY_SETTINGS
@given(
    values=st.lists(st.floats(-100, 100, allow_nan=False), max_size=40),
    seed=st.integers(0, 2**16),
    increasing=st.booleans(),
)
def test_isotonic_is_a_monotone_projection(load_pack, name, values, seed, increasing) -> None:
    iso = load_pack("isotonic-regression", name).isotonic_regression
    y = np.array(values, dtype=float)
    w = np.random.default_rng(seed).uniform(0.1, 3.0, len(y))
    fit = iso(y, w, increasing)
    assert fit.shape == y.shape and fit.dtype == np.float64
    steps = np.diff(fit) if increasing else -np.diff(fit)
    assert np.all(steps >= -1e-9)
    # each pooled block keeps its weighted mean, so the weighted total is conserved
    assert float(w @ fit) == pytest.approx(float(w @ y), abs=1e-7)
    if len(y):
        expected = isotonic.isotonic_regression(y, sample_weight=w, increasing=increasing)
        np.testing.assert_allclose(fit, expected, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(iso(fit, w, increasing), fit, rtol=1e-12, atol=1e-12)


COST_THRESHOLD = ["solution", "alternatives/brute-force", "alternatives/sklearn-roc-curve"]


@pytest.mark.parametrize("name", COST_THRESHOLD)
@PROPERTY_SETTINGS
@given(data=labels_and_scores, c_fp=st.integers(0, 5), c_fn=st.integers(0, 5))
def test_cost_threshold_is_optimal(load_pack, name, data, c_fp, c_fn) -> None:
    cot = load_pack("cost-optimal-threshold", name).cost_optimal_threshold
    y, s = np.array(data[0]), np.array(data[1], dtype=float)
    threshold, cost = cot(y, s, c_fp, c_fn)

    def cost_at(t: float) -> float:
        return float(c_fp * np.sum((s >= t) & (y == 0)) + c_fn * np.sum((s < t) & (y == 1)))

    candidates = [math.inf, *set(s.tolist())]
    best = min(cost_at(t) for t in candidates)
    assert threshold in candidates
    assert cost == cost_at(threshold) == best
    assert threshold == max(t for t in candidates if cost_at(t) == best)  # highest on ties


RANKING = ["solution", "alternatives/numpy-vectorised", "alternatives/rank-positions"]


@pytest.mark.parametrize("name", RANKING)
@PROPERTY_SETTINGS
@given(
    grades=st.dictionaries(st.integers(0, 15), st.integers(0, 4), max_size=12),
    order=st.permutations(list(range(16))),
    size=st.integers(0, 16),
    k=st.integers(1, 20),
)
def test_ndcg_bounds_and_ideal(load_pack, name, grades, order, size, k) -> None:
    ndcg = load_pack("ranking-metrics", name).ndcg_at_k
    ranked = list(order[:size])
    value = ndcg(ranked, grades, k)
    assert 0.0 <= value <= 1.0 + 1e-12
    ideal = sorted(grades, key=lambda item: -grades[item])
    if any(g > 0 for g in grades.values()):
        assert ndcg(ideal, grades, k) == pytest.approx(1.0)
    else:
        assert value == 0.0


PSI = [
    "solution",
    "alternatives/bisect-loop",
    "alternatives/histogram",
    "alternatives/scipy-rel-entr",
]


@pytest.mark.parametrize("name", PSI)
@PROPERTY_SETTINGS
@given(
    expected=st.lists(st.integers(-5, 5), min_size=1, max_size=60),
    actual=st.lists(st.integers(-8, 8), min_size=1, max_size=60),
    n_bins=st.integers(1, 8),
)
def test_psi_nonnegative_and_zero_on_itself(load_pack, name, expected, actual, n_bins) -> None:
    psi = load_pack("population-stability-index", name).population_stability_index
    e, a = np.array(expected, dtype=float), np.array(actual, dtype=float)
    assert psi(e, a, n_bins) >= 0.0
    assert psi(e, a, n_bins) == pytest.approx(_psi_oracle(e, a, n_bins))
    assert psi(e, e.copy(), n_bins) == pytest.approx(0.0, abs=1e-12)


MANN_WHITNEY = ["solution", "alternatives/pair-counting", "alternatives/scipy-call"]


@pytest.mark.parametrize("name", MANN_WHITNEY)
@PROPERTY_SETTINGS
@given(
    x=st.lists(st.integers(0, 6), min_size=1, max_size=25),
    y=st.lists(st.integers(0, 6), min_size=1, max_size=25),
)
def test_mann_whitney_mirrors_on_swap(load_pack, name, x, y) -> None:
    mwu = load_pack("mann-whitney-u", name).mann_whitney_u
    u_xy, p_xy = mwu(np.array(x, float), np.array(y, float))
    u_yx, p_yx = mwu(np.array(y, float), np.array(x, float))
    assert u_xy + u_yx == pytest.approx(len(x) * len(y))
    assert p_xy == pytest.approx(p_yx, rel=1e-9, abs=1e-14)
    assert 0.0 <= p_xy <= 1.0


AVERAGE_PRECISION = ["solution", "alternatives/sweep-loop", "alternatives/sklearn-call"]


@pytest.mark.parametrize("name", AVERAGE_PRECISION)
@PROPERTY_SETTINGS
@given(data=labels_and_scores, seed=st.integers(0, 2**16))
def test_average_precision_ignores_storage_order(load_pack, name, data, seed) -> None:
    ap = load_pack("average-precision", name).average_precision
    y, s = np.array(data[0]), np.array(data[1], dtype=float)
    got = ap(y, s)
    if y.sum() == 0:
        assert math.isnan(got)
        return
    assert got == pytest.approx(metrics.average_precision_score(y, s), abs=1e-12)
    order = np.random.default_rng(seed).permutation(len(y))  # tied samples change places
    assert ap(y[order], s[order]) == pytest.approx(got, abs=1e-12)


PRECISION_AT_RECALL = ["solution", "alternatives/brute-force", "alternatives/sklearn-curve"]


@pytest.mark.parametrize("name", PRECISION_AT_RECALL)
@PROPERTY_SETTINGS
@given(data=labels_and_scores, k=st.integers(0, 40))
def test_precision_at_recall_matches_curve(load_pack, name, data, k) -> None:
    par = load_pack("precision-at-recall", name).precision_at_recall
    y, s = np.array(data[0]), np.array(data[1], dtype=float)
    if y.sum() == 0:
        assert all(math.isnan(v) for v in par(y, s, 0.5))
        return
    target = (min(k, y.sum() - 1) + 0.5) / y.sum()  # between two achievable recalls
    assert par(y, s, target) == pytest.approx(_precision_at_recall_oracle(y, s, target))
