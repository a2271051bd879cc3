"""References of packs/linear against independent oracles (sklearn, scipy, torch, numpy)."""

from __future__ import annotations

import numpy as np
import pytest

# ------------------------------------------------------------------ logistic-regression


def _logistic_data(seed: int, n: int = 120, d: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + rng.normal(size=n) > 0).astype(float)
    return X, y


@pytest.mark.parametrize("module", ["solution", "alternatives/newton", "alternatives/scipy-lbfgs"])
def test_logistic_loss_and_grad_match_sklearn(load_pack, module) -> None:
    from scipy.optimize import approx_fprime
    from sklearn.metrics import log_loss

    sol = load_pack("logistic-regression", module)
    X, y = _logistic_data(0)
    rng = np.random.default_rng(1)
    w, b, l2 = rng.normal(size=3), 0.3, 0.7
    loss, gw, gb = sol.logistic_loss_and_grad(w, b, X, y, l2)
    p = 1 / (1 + np.exp(-(X @ w + b)))
    assert loss == pytest.approx(log_loss(y, p) + 0.5 * l2 * w @ w, rel=1e-12)

    def oracle(theta: np.ndarray) -> float:  # sklearn's cross-entropy, our penalty
        q = 1 / (1 + np.exp(-(X @ theta[:3] + theta[3])))
        return log_loss(y, q) + 0.5 * l2 * theta[:3] @ theta[:3]

    numeric = approx_fprime(np.r_[w, b], oracle, 1e-7)
    np.testing.assert_allclose(np.r_[gw, gb], numeric, rtol=1e-5, atol=1e-7)


def test_logistic_loss_is_exact_at_extreme_scores(load_pack) -> None:
    sol = load_pack("logistic-regression")
    X = np.array([[1000.0], [-1000.0], [1000.0], [-1000.0]])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # not even a silenced one
        loss, gw, gb = sol.logistic_loss_and_grad(np.array([1.0]), 0.0, X, y, 0.0)
    assert loss == 500.0 and gw[0] == 500.0 and gb == 0.0


@pytest.mark.parametrize("module", ["solution", "alternatives/newton", "alternatives/scipy-lbfgs"])
@pytest.mark.parametrize("l2", [1.0, 0.01])
def test_logistic_fit_matches_sklearn(load_pack, module, l2) -> None:
    from sklearn.linear_model import LogisticRegression

    sol = load_pack("logistic-regression", module)
    X, y = _logistic_data(2, n=150)
    w, b = sol.fit_logistic_regression(X, y, l2=l2)
    # sklearn minimises C * sum(loss) + ||w||^2 / 2, i.e. ours with l2 = 1 / (C n).
    clf = LogisticRegression(C=1 / (len(y) * l2), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(w, clf.coef_[0], atol=1e-6)
    assert b == pytest.approx(clf.intercept_[0], abs=1e-6)


# ---------------------------------------------------------------- linear-regression-sgd


@pytest.mark.parametrize("module", ["solution", "alternatives/per-example-loops"])
def test_mse_loss_and_grad_match_sklearn_and_finite_differences(load_pack, module) -> None:
    from scipy.optimize import approx_fprime
    from sklearn.metrics import mean_squared_error

    sol = load_pack("linear-regression-sgd", module)
    rng = np.random.default_rng(3)
    X, y, w, b = rng.normal(size=(9, 3)), rng.normal(size=9), rng.normal(size=3), 0.4
    loss, gw, gb = sol.mse_loss_and_grad(w, b, X, y)
    assert loss == pytest.approx(mean_squared_error(y, X @ w + b), rel=1e-12)

    def oracle(theta: np.ndarray) -> float:
        return mean_squared_error(y, X @ theta[:3] + theta[3])

    numeric = approx_fprime(np.r_[w, b], oracle, 1e-7)
    np.testing.assert_allclose(np.r_[gw, gb], numeric, rtol=1e-5, atol=1e-6)


def test_sgd_reaches_least_squares_and_full_batch_is_gradient_descent(load_pack) -> None:
    sol = load_pack("linear-regression-sgd")
    rng = np.random.default_rng(4)
    X = rng.normal(size=(64, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.7 + 0.1 * rng.normal(size=64)
    # Full-batch steps converge to the least-squares fit, whatever the shuffling.
    w, b = sol.sgd_linear_regression(X, y, lr=0.1, batch_size=1000, epochs=2000, seed=1)
    coef, *_ = np.linalg.lstsq(np.c_[X, np.ones(64)], y, rcond=None)
    np.testing.assert_allclose(np.r_[w, b], coef, atol=1e-9)
    # Mini-batches with noise wander around it, closely for a small learning rate.
    w, b = sol.sgd_linear_regression(X, y, lr=0.01, batch_size=8, epochs=300, seed=1)
    np.testing.assert_allclose(np.r_[w, b], coef, atol=5e-3)


def test_sgd_alternative_agrees_without_shuffling(load_pack) -> None:
    sol = load_pack("linear-regression-sgd")
    alt = load_pack("linear-regression-sgd", "alternatives/per-example-loops")
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(11, 2)), rng.normal(size=11)
    kw = dict(lr=0.05, batch_size=4, epochs=3, shuffle=False)
    np.testing.assert_allclose(
        np.r_[sol.sgd_linear_regression(X, y, **kw)],
        np.r_[alt.sgd_linear_regression(X, y, **kw)],
        rtol=1e-12,
    )


# ------------------------------------------------------------------- softmax-regression


@pytest.mark.parametrize(
    "module", ["solution", "alternatives/scipy-special", "alternatives/per-example-loop"]
)
def test_softmax_loss_and_grad_match_sklearn_and_finite_differences(load_pack, module) -> None:
    from scipy.optimize import approx_fprime
    from scipy.special import softmax
    from sklearn.metrics import log_loss

    sol = load_pack("softmax-regression", module)
    rng = np.random.default_rng(6)
    n, d, K, l2 = 10, 3, 4, 0.3
    X, y = rng.normal(size=(n, d)), rng.integers(0, K, n)
    W, b = rng.normal(size=(d, K)), rng.normal(size=K)
    Z = X @ W + b
    np.testing.assert_allclose(sol.softmax(Z), softmax(Z, axis=1), rtol=1e-12)
    loss, gW, gb = sol.softmax_loss_and_grad(W, b, X, y, l2)
    expected = log_loss(y, softmax(Z, axis=1), labels=range(K)) + 0.5 * l2 * np.sum(W**2)
    assert loss == pytest.approx(expected, rel=1e-12)

    def oracle(theta: np.ndarray) -> float:
        Wt, bt = theta[: d * K].reshape(d, K), theta[d * K :]
        P = softmax(X @ Wt + bt, axis=1)
        return log_loss(y, P, labels=range(K)) + 0.5 * l2 * np.sum(Wt**2)

    numeric = approx_fprime(np.r_[W.ravel(), b], oracle, 1e-7)
    np.testing.assert_allclose(np.r_[gW.ravel(), gb], numeric, rtol=1e-5, atol=1e-6)


def test_softmax_is_exact_at_extreme_logits(load_pack) -> None:
    sol = load_pack("softmax-regression")
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])
    W = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        loss, gW, gb = sol.softmax_loss_and_grad(W, np.zeros(3), X, np.array([0, 2, 1, 2]), 0.0)
    # per-example losses: 0, 1000, log 2 (a two-way tie at the top), ~0
    assert loss == pytest.approx((1000 + np.log(2)) / 4, rel=1e-12)
    assert np.isfinite(gW).all() and np.isfinite(gb).all()


# ----------------------------------------------------------------- logistic-l1-proximal


@pytest.mark.parametrize(
    "module", ["solution", "alternatives/fista-elastic-prox", "alternatives/lbfgsb-split"]
)
@pytest.mark.parametrize(("l1", "l2"), [(0.03, 0.0), (0.02, 0.1)])
def test_l1_logistic_matches_sklearn_saga(load_pack, module, l1, l2) -> None:
    from sklearn.linear_model import LogisticRegression

    sol = load_pack("logistic-l1-proximal", module)
    rng = np.random.default_rng(0)
    n = 150
    X = rng.normal(size=(n, 6))
    y = (X @ np.array([2.0, -1.0, 0.0, 0.0, 0.0, 0.5]) + rng.normal(size=n) > 0).astype(float)
    w, b = sol.fit_logistic_l1(X, y, l1=l1, l2=l2)
    # sklearn: C * sum(loss) + l1_ratio * |w|_1 + (1 - l1_ratio) / 2 * |w|^2, divided by C n.
    clf = LogisticRegression(
        solver="saga", l1_ratio=l1 / (l1 + l2), C=1 / (n * (l1 + l2)), tol=1e-12, max_iter=100_000
    ).fit(X, y)
    np.testing.assert_allclose(w, clf.coef_[0], atol=1e-7)
    assert b == pytest.approx(clf.intercept_[0], abs=1e-7)
    assert np.array_equal(w == 0, clf.coef_[0] == 0)  # the same exact zeros


def test_soft_threshold_is_the_l1_prox(load_pack) -> None:
    from scipy.optimize import minimize_scalar

    sol = load_pack("logistic-l1-proximal")
    v = np.array([3.0, -0.5, 0.2, -2.0, 1.0, 0.0])
    got = sol.soft_threshold(v, 1.0)
    for vi, gi in zip(v, got, strict=True):  # argmin_u (u - v)^2 / 2 + |u|, numerically
        res = minimize_scalar(
            lambda u, vi=vi: 0.5 * (u - vi) ** 2 + abs(u),
            bounds=(-5, 5),
            method="bounded",
            options={"xatol": 1e-10},
        )
        assert gi == pytest.approx(res.x, abs=1e-7)


# ------------------------------------------------------------------------------ pca-svd


@pytest.mark.parametrize(
    "module", ["solution", "alternatives/covariance-eigh", "alternatives/gram-eigh"]
)
def test_pca_matches_sklearn(load_pack, module) -> None:
    from sklearn.decomposition import PCA

    sol = load_pack("pca-svd", module)
    rng = np.random.default_rng(7)
    X = (
        rng.normal(size=(40, 5))
        * [5.0, 3.0, 2.0, 1.0, 0.5]
        @ np.linalg.qr(rng.normal(size=(5, 5)))[0]
        + 10.0
    )
    C, var, Z = sol.pca(X, 3)
    ref = PCA(n_components=3).fit(X)
    np.testing.assert_allclose(var, ref.explained_variance_, rtol=1e-10)
    signs = np.sign(np.sum(C * ref.components_, axis=1))  # PCA signs are arbitrary
    np.testing.assert_allclose(C * signs[:, None], ref.components_, atol=1e-9)
    np.testing.assert_allclose(Z * signs, ref.transform(X), atol=1e-9)


# ---------------------------------------------------------------------- tree-split-finder


@pytest.mark.parametrize("module", ["solution", "alternatives/running-counts-loop"])
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_best_split_matches_a_sklearn_stump(load_pack, module, criterion) -> None:
    from sklearn.tree import DecisionTreeClassifier

    sol = load_pack("tree-split-finder", module)
    rng = np.random.default_rng(8)
    for _ in range(5):
        X = np.round(rng.normal(size=(40, 3)) * 64) / 64  # exact in sklearn's float32 too
        y = (X[:, 1] + 0.5 * rng.normal(size=40) > 0).astype(int) + (X[:, 2] > 1)
        feature, threshold, gain = sol.best_split(X, y, criterion)
        stump = DecisionTreeClassifier(max_depth=1, criterion=criterion, random_state=0)
        tree = stump.fit(X, y).tree_
        assert feature == tree.feature[0]
        assert threshold == pytest.approx(tree.threshold[0], rel=1e-12)
        n, left, right = tree.weighted_n_node_samples[:3]
        children = (left * tree.impurity[1] + right * tree.impurity[2]) / n
        assert gain == pytest.approx(tree.impurity[0] - children, rel=1e-9)


# -------------------------------------------------------------------- leakage-safe-splits


@pytest.mark.parametrize("module", ["solution", "alternatives/plain-python"])
def test_time_split_matches_sklearn_on_distinct_sorted_times(load_pack, module) -> None:
    from sklearn.model_selection import TimeSeriesSplit

    sol = load_pack("leakage-safe-splits", module)
    ts = np.arange(23) * 10
    for n_splits, gap in [(3, 0), (4, 2), (5, 1)]:
        ours = sol.time_series_split(ts, n_splits, gap=gap)
        theirs = TimeSeriesSplit(n_splits=n_splits, gap=gap).split(ts)
        for (tr, te), (rtr, rte) in zip(ours, theirs, strict=True):
            assert list(tr) == list(rtr) and list(te) == list(rte)


@pytest.mark.parametrize("module", ["solution", "alternatives/plain-python"])
def test_stratified_and_group_folds_keep_their_promises(load_pack, module) -> None:
    from sklearn.model_selection import GroupKFold

    sol = load_pack("leakage-safe-splits", module)
    rng = np.random.default_rng(9)
    y = rng.permutation(np.repeat([0, 1, 2], [17, 9, 4]))
    tests = [np.asarray(te) for _, te in sol.stratified_kfold(y, 4, seed=3)]
    assert np.array_equal(np.sort(np.concatenate(tests)), np.arange(30))
    for c in range(3):
        counts = [np.sum(y[te] == c) for te in tests]
        assert max(counts) - min(counts) <= 1
    assert max(map(len, tests)) - min(map(len, tests)) <= 1

    groups = rng.permutation(np.repeat(np.arange(8), [9, 1, 1, 1, 8, 2, 5, 3]))
    ours = sorted(len(te) for _, te in sol.group_kfold(groups, 3))
    theirs = sorted(len(te) for _, te in GroupKFold(n_splits=3).split(groups, groups=groups))
    assert ours == theirs  # the same greedy balance as scikit-learn's


# ------------------------------------------------------------------------ knn-classifier


@pytest.mark.parametrize("module", ["solution", "alternatives/expanded-distances"])
def test_knn_matches_sklearn(load_pack, module) -> None:
    from sklearn.neighbors import KNeighborsClassifier

    sol = load_pack("knn-classifier", module)
    rng = np.random.default_rng(10)
    X, y, Q = rng.normal(size=(80, 4)), rng.integers(0, 2, 80), rng.normal(size=(30, 4))
    for k in (1, 3, 7):  # two classes and odd k: no vote ties, continuous data: no distance ties
        expected = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X, y).predict(Q)
        assert np.array_equal(sol.knn_predict(X, y, Q, k), expected)
