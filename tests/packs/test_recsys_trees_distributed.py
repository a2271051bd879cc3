"""Oracle tests for the recsys, trees and distributed packs.

Each reference is checked against something computed another way: numpy/scipy/sklearn
formulas, torch autograd, finite differences, brute-force searches, or XGBoost itself.
CI has every one of these libraries: they are imported directly, so a missing one fails.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch
import xgboost as xgb
from scipy import integrate, special
from sklearn import linear_model
from sklearn import metrics as sk_metrics
from sklearn.metrics import pairwise as sk_pairwise

# ----------------------------------------------------------------------------- helpers


def central_diff(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by central differences (x is perturbed in place and restored)."""
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + eps
        up = f()
        x[idx] = old - eps
        down = f()
        x[idx] = old
        grad[idx] = (up - down) / (2 * eps)
    return grad


def xgb_one_tree(codes, g, h, *, max_depth, reg_lambda, gamma, mcw, eta):
    """Fit one XGBoost tree (exact greedy) to fixed gradients; codes are the feature values."""
    X = np.where(codes < 0, np.nan, codes).astype(float)
    data = xgb.DMatrix(X, missing=np.nan)
    params = {
        "max_depth": max_depth,
        "eta": eta,
        "lambda": reg_lambda,
        "min_child_weight": mcw,
        # XGBoost's loss change has no factor 1/2, so its gamma is twice ours
        "gamma": 2 * gamma,
        "tree_method": "exact",
        "base_score": 0.0,
        "nthread": 1,
    }
    booster = xgb.train(params, data, 1, obj=lambda preds, dtrain: (g, h))
    return booster, data


# ----------------------------------------------------------------------------- distributed


def test_ring_allreduce_sums_and_moves_2_n_minus_1_over_n(load_pack):
    sol = load_pack("ring-allreduce")
    alt = load_pack("ring-allreduce", "alternatives/forward-what-you-received")
    rng = np.random.default_rng(0)
    for n, size, dtype in (
        (4, 32, np.float32),
        (5, 13, np.float64),
        (1, 3, np.float64),
        (7, 3, np.float32),
    ):
        bufs = [rng.normal(size=size).astype(dtype) for _ in range(n)]
        for mod in (sol, alt):
            results, sent, messages = mod.ring_allreduce([b.copy() for b in bufs])
            for r in results:
                np.testing.assert_allclose(r, np.sum(bufs, axis=0), rtol=1e-5, atol=1e-5)
            assert sum(sent) == 2 * (n - 1) * size * np.dtype(dtype).itemsize
            assert len(messages) == 2 * (n - 1) * n
            if size % n == 0:
                assert sent == [2 * (n - 1) * size // n * np.dtype(dtype).itemsize] * n


def test_zero_memory_matches_the_paper_and_brute_force(load_pack):
    sol = load_pack("zero-memory-estimator")
    alt = load_pack("zero-memory-estimator", "alternatives/closed-form")
    # the ZeRO paper's example: 7.5B parameters on 64 GPUs -> 120, 31.4, 16.6, 1.9 GB
    totals = [sol.zero_memory(7_500_000_000, 64, s)["total"] / 1e9 for s in range(4)]
    np.testing.assert_allclose(totals, [120.0, 31.4, 16.6, 1.9], atol=0.05)
    for gpu_bytes, world, stage in itertools.product((0, 15, 16, 100, 1001), (1, 3, 8), range(4)):
        brute = max(
            n for n in range(0, 600) if sol.zero_memory(n, world, stage)["total"] <= gpu_bytes
        )
        assert sol.max_trainable_params(gpu_bytes, world, stage) == brute
        assert alt.max_trainable_params(gpu_bytes, world, stage) == brute


def test_pipeline_bubble_closed_forms(load_pack):
    sol = load_pack("pipeline-bubble")
    alt = load_pack("pipeline-bubble", "alternatives/memoised-recursion")
    for p, m in itertools.product((1, 2, 4, 7), (1, 3, 8, 16)):
        for schedule in ("gpipe", "1f1b"):
            out = sol.simulate_pipeline([1.0] * p, [2.0] * p, m, schedule)
            assert out["makespan"] == pytest.approx((m + p - 1) * 3.0)
            assert out["bubble_fraction"] == pytest.approx((p - 1) / (m + p - 1))
            peaks = [m] * p if schedule == "gpipe" else [min(p - s, m) for s in range(p)]
            assert out["peak_activations"] == peaks
    rng = np.random.default_rng(1)
    for _ in range(20):
        p, m = int(rng.integers(1, 7)), int(rng.integers(1, 10))
        fwd, bwd = list(rng.uniform(0.5, 2, p)), list(rng.uniform(1, 4, p))
        for schedule in ("gpipe", "1f1b"):
            a = sol.simulate_pipeline(fwd, bwd, m, schedule)
            b = alt.simulate_pipeline(fwd, bwd, m, schedule)
            assert a["makespan"] == pytest.approx(b["makespan"])
            assert a["peak_activations"] == b["peak_activations"]
            # no schedule beats the busiest stage, nor the critical path of one micro-batch
            busiest = max(m * (f + b_) for f, b_ in zip(fwd, bwd, strict=True))
            assert a["makespan"] >= max(busiest, sum(fwd) + sum(bwd)) - 1e-9


def test_data_parallel_grads_equal_the_full_batch_gradient(load_pack):
    sol = load_pack("data-parallel-grads")  # (its torch.func alternative costs 2 s to warm up)
    gen = torch.Generator().manual_seed(0)
    params = {
        "W1": torch.randn(3, 5, generator=gen, dtype=torch.float64),
        "b1": torch.randn(5, generator=gen, dtype=torch.float64),
        "W2": torch.randn(5, 1, generator=gen, dtype=torch.float64),
        "b2": torch.randn(1, generator=gen, dtype=torch.float64),
    }
    X = torch.randn(11, 3, generator=gen, dtype=torch.float64)
    y = torch.randn(11, generator=gen, dtype=torch.float64)
    # oracle: nn.Linear layers with the same weights and nn.MSELoss on the whole batch
    l1, l2 = torch.nn.Linear(3, 5).double(), torch.nn.Linear(5, 1).double()
    with torch.no_grad():
        l1.weight.copy_(params["W1"].T)
        l1.bias.copy_(params["b1"])
        l2.weight.copy_(params["W2"].T)
        l2.bias.copy_(params["b2"])
    torch.nn.MSELoss()(l2(torch.tanh(l1(X))).squeeze(-1), y).backward()
    full = {"W1": l1.weight.grad.T, "b1": l1.bias.grad, "W2": l2.weight.grad.T, "b2": l2.bias.grad}
    for world, accum in ((1, 1), (2, 2), (4, 1), (3, 3)):
        synced, local = sol.data_parallel_grads(params, X, y, world, accum)
        for k in full:
            torch.testing.assert_close(synced[k], full[k], rtol=1e-10, atol=1e-12)
        # each worker's local gradient is its shard's gradient: their size-weighted mean is full
        sizes = [len(s) for s in torch.tensor_split(torch.arange(11), world)]
        for k in full:
            weighted = sum(g[k] * n_w / 11 for g, n_w in zip(local, sizes, strict=True))
            torch.testing.assert_close(weighted, full[k], rtol=1e-10, atol=1e-12)


# ----------------------------------------------------------------------------- trees


def test_quantile_cuts_are_inverted_cdf_quantiles(load_pack):
    sol = load_pack("histogram-binning")
    rng = np.random.default_rng(2)
    for n, B in ((1000, 16), (37, 5), (500, 256)):
        x = rng.normal(size=n)
        cuts = sol.quantile_cuts(x, B)
        if n > B:
            expected = np.unique(np.quantile(x, np.arange(1, B) / B, method="inverted_cdf"))
            np.testing.assert_array_equal(cuts, expected[expected < x.max()])
        codes, _ = sol.bin_matrix(x[:, None], B)
        counts = np.bincount(codes[:, 0])
        assert counts.max() <= math.ceil(n / B) and len(counts) <= B  # balanced, no tie to split
    ties = np.repeat([1.0, 2.0, 3.0], [50, 3, 47])
    codes, _ = sol.bin_matrix(ties[:, None], 8)
    assert [len(set(codes[ties == v, 0])) for v in (1.0, 2.0, 3.0)] == [1, 1, 1]
    order = np.argsort(ties)
    assert np.all(np.diff(codes[order, 0]) >= 0)  # monotone in the value


def brute_force_split(codes, g, h, n_bins, lam, gamma, mcw):
    """Every (feature, threshold, direction) by masks; first strictly best wins."""
    best = None
    for f, b, left_missing in itertools.product(
        range(codes.shape[1]), range(n_bins), (False, True)
    ):
        col = codes[:, f]
        left = ((col >= 0) & (col <= b)) | ((col < 0) & left_missing)
        if left.all() or not left.any() or h[left].sum() < mcw or h[~left].sum() < mcw:
            continue
        GL, HL, GR, HR = g[left].sum(), h[left].sum(), g[~left].sum(), h[~left].sum()
        gain = (
            0.5 * (GL**2 / (HL + lam) + GR**2 / (HR + lam) - (GL + GR) ** 2 / (HL + HR + lam))
            - gamma
        )
        if gain > 0 and (best is None or gain > best["gain"] + 1e-12):
            best = {"feature": f, "threshold": b, "default_left": left_missing, "gain": gain}
    return best


def test_best_split_against_brute_force_and_xgboost(load_pack):
    sol = load_pack("best-split")
    alt = load_pack("best-split", "alternatives/scan-loop")
    rng = np.random.default_rng(3)
    for trial in range(25):
        n, d, B = int(rng.integers(2, 60)), int(rng.integers(1, 4)), int(rng.integers(2, 9))
        codes = rng.integers(0, B, (n, d))
        codes[rng.random((n, d)) < 0.2] = -1
        g, h = rng.normal(size=n), rng.uniform(0.1, 1.0, n)
        lam, gamma, mcw = (
            float(rng.choice([0.0, 1.0])),
            float(rng.choice([0.0, 0.3])),
            float(rng.choice([0.0, 1.0])),
        )
        expected = brute_force_split(codes, g, h, B, lam, gamma, mcw)
        for mod in (sol, alt):
            got = mod.best_split(codes, g, h, B, lam, gamma, mcw)
            if expected is None:
                assert got is None, trial
            else:
                assert {k: got[k] for k in ("feature", "threshold", "default_left")} == {
                    k: expected[k] for k in ("feature", "threshold", "default_left")
                }, trial
                assert got["gain"] == pytest.approx(expected["gain"], rel=1e-9)
    # XGBoost's root split on the same gradients: same partition, gain = 2 x ours (no 1/2)
    codes = rng.integers(0, 6, (80, 3))
    codes[rng.random((80, 3)) < 0.2] = -1
    g, h = rng.normal(size=80) - 0.8 * (codes[:, 1] > 2), rng.uniform(0.2, 1.0, 80)
    ours = sol.best_split(codes, g, h, 6, 1.0, 0.0, 0.5)
    booster, _ = xgb_one_tree(codes, g, h, max_depth=1, reg_lambda=1.0, gamma=0.0, mcw=0.5, eta=1.0)
    root = booster.get_dump(with_stats=True)[0].splitlines()[0]
    assert root.startswith(f"0:[f{ours['feature']}<{ours['threshold'] + 0.5}]")
    assert ("missing=1" in root) == ours["default_left"]
    xgb_gain = float(root.split("gain=")[1].split(",")[0])
    assert xgb_gain == pytest.approx(2 * ours["gain"], rel=1e-5)


def test_grown_tree_predicts_like_xgboost(load_pack):
    sol = load_pack("depth-limited-tree")
    alt = load_pack("depth-limited-tree", "alternatives/recursive")
    rng = np.random.default_rng(4)
    codes = rng.integers(0, 8, (300, 3))
    codes[rng.random((300, 3)) < 0.15] = -1
    g, h = rng.normal(size=300) - np.sin(codes[:, 0]), rng.uniform(0.2, 1.0, 300)
    for depth, gamma, eta in ((1, 0.0, 1.0), (3, 0.0, 0.3), (3, 2.0, 0.3), (5, 0.0, 0.5)):
        tree = sol.grow_tree(codes, g, h, 8, depth, 1.0, gamma, 1.0, eta)
        ours = sol.predict_tree(tree, codes)
        booster, data = xgb_one_tree(
            codes, g, h, max_depth=depth, reg_lambda=1.0, gamma=gamma, mcw=1.0, eta=eta
        )
        np.testing.assert_allclose(
            ours, booster.predict(data, output_margin=True), rtol=1e-5, atol=1e-6
        )
        np.testing.assert_allclose(
            alt.predict_tree(alt.grow_tree(codes, g, h, 8, depth, 1.0, gamma, 1.0, eta), codes),
            ours,
            rtol=1e-12,
            atol=1e-12,
        )
    # leaf weights: a depth-0 tree is the single Newton step
    assert sol.grow_tree(codes, g, h, 8, 0, 2.0, 0.0, 0.0, 0.5)[0]["value"] == pytest.approx(
        -0.5 * g.sum() / (h.sum() + 2.0)
    )


def test_boosting_round_matches_xgboost_and_derivatives(load_pack):
    sol = load_pack("boosting-round-logistic")
    rng = np.random.default_rng(5)
    n = 200
    X = rng.integers(0, 5, (n, 2)).astype(float)
    y = (rng.random(n) < 0.2 + 0.15 * X[:, 0]).astype(float)
    base = sol.initial_margin(y)
    assert 1 / (1 + math.exp(-base)) == pytest.approx(y.mean())
    # derivatives of the log loss by central differences, row by row
    margin = rng.normal(0, 2, n)
    g, h = sol.logistic_grad_hess(y, margin)
    loss_of = lambda m: n * sol.logloss(y, m)  # noqa: E731  (the sum of the rows' losses)
    eps = 1e-5
    fd_g = (loss_of(margin + eps) - loss_of(margin - eps)) / (2 * eps)
    assert np.sum(g) == pytest.approx(fd_g, rel=1e-6)
    np.testing.assert_allclose(
        h, np.exp(-np.logaddexp(0, margin) - np.logaddexp(0, -margin)), rtol=1e-12
    )
    p = 1 / (1 + np.exp(-margin))
    assert sol.logloss(y, margin) == pytest.approx(sk_metrics.log_loss(y, p), rel=1e-9)
    assert np.isfinite(sol.logloss(np.array([1.0, 0.0]), np.array([-1000.0, 1000.0])))
    # one XGBoost round with a depth-2 tree: our leaf values on its partition, its margins
    data = xgb.DMatrix(X, label=y)
    params = {
        "objective": "binary:logistic",
        "max_depth": 2,
        "eta": 0.3,
        "lambda": 1.0,
        "min_child_weight": 0.0,
        "base_score": float(y.mean()),
        "tree_method": "exact",
        "nthread": 1,
    }
    booster = xgb.train(params, data, 1)
    leaves = booster.predict(data, pred_leaf=True).astype(int).ravel()
    ids, leaf_index = np.unique(leaves, return_inverse=True)
    new_margin, _ = sol.boosting_round(y, np.full(n, base), leaf_index, len(ids), 0.3, 1.0)
    np.testing.assert_allclose(
        new_margin, booster.predict(data, output_margin=True), rtol=1e-5, atol=1e-6
    )


# ----------------------------------------------------------------------------- recsys


def test_ranking_metrics_against_sklearn(load_pack):
    sol = load_pack("recall-at-k")
    alt = load_pack("recall-at-k", "alternatives/numpy-isin")
    rng = np.random.default_rng(6)
    n_items, k = 30, 5
    recommended = [list(map(int, rng.permutation(n_items)[:10])) for _ in range(20)]
    relevant = [
        list(map(int, rng.choice(n_items, int(rng.integers(1, 8)), replace=False)))
        for _ in range(20)
    ]
    ndcgs, recalls = [], []
    for recs, rel in zip(recommended, relevant, strict=True):
        y_true = np.isin(np.arange(n_items), rel).astype(float)[None]
        scores = np.zeros(n_items)
        scores[recs] = np.arange(
            len(recs), 0, -1
        )  # rank 1 highest; unranked items never reach the top k
        ndcgs.append(sk_metrics.ndcg_score(y_true, scores[None], k=k))
        recalls.append(len(set(recs[:k]) & set(rel)) / len(rel))
    for mod in (sol, alt):
        assert mod.ndcg_at_k(recommended, relevant, k) == pytest.approx(np.mean(ndcgs), rel=1e-9)
        assert mod.recall_at_k(recommended, relevant, k) == pytest.approx(
            np.mean(recalls), rel=1e-9
        )
    assert math.isnan(sol.recall_at_k([[1]], [[]], 3))


def test_item_similarity_is_sklearn_cosine(load_pack):
    sol = load_pack("item-item-cosine")
    alt = load_pack("item-item-cosine", "alternatives/loops-and-heap")
    rng = np.random.default_rng(7)
    R = rng.integers(0, 6, (12, 9)).astype(float)
    R[:, 4] = 0.0  # an item nobody rated
    S = sk_pairwise.cosine_similarity(R.T)
    np.fill_diagonal(S, 0.0)
    np.testing.assert_allclose(sol.item_similarity(R), S, atol=1e-12)
    for user in range(12):
        scores = S @ R[user]
        brute = sorted((i for i in range(9) if R[user, i] == 0), key=lambda i: (-scores[i], i))[:4]
        assert sol.recommend(R, user, 4) == brute
        assert [scores[i] for i in alt.recommend(R, user, 4)] == pytest.approx(
            [scores[i] for i in brute]
        )


def test_mf_sgd_step_is_minus_lr_times_the_gradient(load_pack):
    sol = load_pack("matrix-factorization-sgd")
    alt = load_pack("matrix-factorization-sgd", "alternatives/torch-autograd")
    rng = np.random.default_rng(8)
    params = {
        "mu": 3.0,
        "b_user": rng.normal(size=3),
        "b_item": rng.normal(size=4),
        "P": rng.normal(size=(3, 2)),
        "Q": rng.normal(size=(4, 2)),
    }
    u, i, r, lr, reg = 1, 2, 4.0, 0.01, 0.3

    def loss():
        err = r - sol.predict(params, np.array([u]), np.array([i]))[0]
        penalty = (
            params["b_user"][u] ** 2
            + params["b_item"][i] ** 2
            + params["P"][u] @ params["P"][u]
            + params["Q"][i] @ params["Q"][i]
        )
        return 0.5 * err**2 + 0.5 * reg * penalty

    grads = {k: central_diff(loss, params[k]) for k in ("b_user", "b_item", "P", "Q")}
    copy = lambda p: {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in p.items()}  # noqa: E731
    for mod in (sol, alt):
        stepped = mod.sgd_step(copy(params), u, i, r, lr, reg)
        for k, grad in grads.items():
            np.testing.assert_allclose(stepped[k], params[k] - lr * grad, rtol=1e-7, atol=1e-9)
    users = rng.integers(0, 10, 150)
    items = rng.integers(0, 8, 150)
    ratings = np.column_stack([users, items, rng.integers(1, 6, 150)]).astype(float)
    _, losses = sol.train_mf(ratings, 10, 8, 2, 8, 0.03, 0.05, 0)
    assert losses[-1] < losses[0]


def test_als_half_step_is_the_dense_least_squares_solution(load_pack):
    sol = load_pack("implicit-als")
    alt = load_pack("implicit-als", "alternatives/per-row-loop")
    rng = np.random.default_rng(9)
    U, I, k, alpha, reg = 7, 6, 3, 2.0, 0.2
    R = np.where(rng.random((U, I)) < 0.35, rng.integers(1, 5, (U, I)), 0).astype(float)
    R[0] = 0.0  # a user with no interactions
    rows, cols = np.nonzero(R)
    counts = R[rows, cols]
    Y = rng.normal(size=(I, k))
    C, P = 1 + alpha * R, (R > 0).astype(float)
    # oracle: x_u minimises sum_i c_ui (p_ui - x.y_i)^2 + reg |x|^2, a weighted least squares
    expected = np.stack(
        [
            np.linalg.lstsq(
                np.vstack([np.sqrt(C[u])[:, None] * Y, np.sqrt(reg) * np.eye(k)]),
                np.concatenate([np.sqrt(C[u]) * P[u], np.zeros(k)]),
                rcond=None,
            )[0]
            for u in range(U)
        ]
    )
    for mod in (sol, alt):
        np.testing.assert_allclose(
            mod.als_half_step(rows, cols, counts, U, Y, alpha, reg), expected, rtol=1e-9, atol=1e-12
        )
    X, Y2, losses = sol.implicit_als(rows, cols, counts, U, I, k, alpha, reg, 5, 0)
    dense = float(np.sum(C * (P - X @ Y2.T) ** 2) + reg * (np.sum(X**2) + np.sum(Y2**2)))
    assert losses[-1] == pytest.approx(dense, rel=1e-10)
    assert all(b <= a * (1 + 1e-12) for a, b in itertools.pairwise(losses))


def test_bpr_step_against_finite_differences(load_pack):
    sol = load_pack("bpr-step")
    alt = load_pack("bpr-step", "alternatives/torch-autograd")
    rng = np.random.default_rng(10)
    P, Q = rng.normal(size=(3, 2)), rng.normal(size=(5, 2))
    users, pos, neg = np.array([0, 0, 2, 1]), np.array([1, 3, 1, 4]), np.array([3, 1, 0, 1])
    lr, reg = 0.1, 0.05

    def loss():
        x = np.sum(P[users] * (Q[pos] - Q[neg]), axis=1)
        pen = (P[users] ** 2).sum(1) + (Q[pos] ** 2).sum(1) + (Q[neg] ** 2).sum(1)
        return float(np.mean(-np.log(1 / (1 + np.exp(-x))) + 0.5 * reg * pen))

    gP, gQ = central_diff(loss, P), central_diff(loss, Q)
    for mod in (sol, alt):
        P_new, Q_new, value = mod.bpr_step(P.copy(), Q.copy(), users, pos, neg, lr, reg)
        np.testing.assert_allclose(P_new, P - lr * gP, rtol=1e-7, atol=1e-9)
        np.testing.assert_allclose(Q_new, Q - lr * gQ, rtol=1e-7, atol=1e-9)
        assert value == pytest.approx(loss(), rel=1e-12)


def test_bandit_policies_against_theory(load_pack):
    sol = load_pack("bandit-policies")
    alt = load_pack("bandit-policies", "alternatives/vectorised-state")
    # Thompson: P(arm a has the largest sample) = integral of f_a(x) * prod_b F_b(x)
    params = [(4, 8), (6, 6), (2, 2)]

    def p_max(a):
        def integrand(x):
            dens = (
                x ** (params[a][0] - 1) * (1 - x) ** (params[a][1] - 1) / special.beta(*params[a])
            )
            return dens * np.prod([special.betainc(*params[b], x) for b in range(3) if b != a])

        return integrate.quad(integrand, 0, 1)[0]

    exact = np.array([p_max(a) for a in range(3)])
    policy = sol.ThompsonBeta(3, 0)
    for arm, (wins, losses) in enumerate([(3, 7), (5, 5), (1, 1)]):
        for r in [1.0] * wins + [0.0] * losses:
            policy.update(arm, r)
    picks = np.bincount([policy.select() for _ in range(20_000)], minlength=3) / 20_000
    np.testing.assert_allclose(picks, exact, atol=0.015)
    # UCB1 regret stays under its finite-time bound; the simulation is exact for both versions
    means, horizon = [0.3, 0.5, 0.7], 3000
    gaps = [max(means) - m for m in means if m < max(means)]
    bound = sum(8 * math.log(horizon) / d for d in gaps) + (1 + math.pi**2 / 3) * sum(gaps)
    for seed in range(3):
        regret = sol.run_bandit(sol.UCB1(3), means, horizon, seed)
        assert regret[-1] < bound
        assert alt.run_bandit(alt.UCB1(3), means, horizon, seed) == pytest.approx(regret)


def test_linucb_theta_is_sklearn_ridge(load_pack):
    sol = load_pack("linucb")
    alt = load_pack("linucb", "alternatives/sherman-morrison")
    rng = np.random.default_rng(11)
    X, r = rng.normal(size=(25, 4)), rng.normal(size=25)
    ridge = linear_model.Ridge(alpha=0.7, fit_intercept=False).fit(X, r)
    contexts = rng.normal(size=(2, 4))
    for mod in (sol, alt):
        policy = mod.LinUCB(2, 4, alpha=1.5, reg=0.7)
        for x, y in zip(X, r, strict=True):
            policy.update(0, x, float(y))
        A_inv = np.linalg.inv(0.7 * np.eye(4) + X.T @ X)
        bonus = 1.5 * np.sqrt(contexts[0] @ A_inv @ contexts[0])
        expected = [
            ridge.coef_ @ contexts[0] + bonus,
            1.5 * np.linalg.norm(contexts[1]) / np.sqrt(0.7),
        ]
        np.testing.assert_allclose(policy.scores(contexts), expected, rtol=1e-9)


def test_off_policy_estimators_are_unbiased(load_pack):
    sol = load_pack("ips-off-policy")
    alt = load_pack("ips-off-policy", "alternatives/direct-method-plus-correction")
    rng = np.random.default_rng(12)
    K, n, reps = 3, 500, 200
    true_reward = np.array([0.2, 0.5, 0.8])
    logging, target = np.array([0.6, 0.3, 0.1]), np.array([0.1, 0.2, 0.7])
    truth = float(target @ true_reward)
    estimates = {"ips": [], "dr_bad_model": [], "dr_true_model": []}
    for _ in range(reps):
        a = rng.choice(K, n, p=logging)
        r = (rng.random(n) < true_reward[a]).astype(float)
        args = (a, r, logging[a], np.tile(target, (n, 1)))
        estimates["ips"].append(sol.ips_value(*args))
        estimates["dr_bad_model"].append(sol.dr_value(*args, np.tile([0.9, 0.1, 0.3], (n, 1))))
        estimates["dr_true_model"].append(sol.dr_value(*args, np.tile(true_reward, (n, 1))))
    for name, values in estimates.items():
        se = np.std(values) / np.sqrt(reps)
        assert abs(np.mean(values) - truth) < 4 * se + 1e-12, name
    assert np.std(estimates["dr_true_model"]) < np.std(
        estimates["ips"]
    )  # a good model cuts variance
    a = rng.choice(K, 50, p=logging)
    r = rng.random(50)
    args = (a, r, logging[a], rng.dirichlet(np.ones(K), 50))
    q = rng.random((50, K))
    assert alt.ips_value(*args, clip=2.0) == pytest.approx(sol.ips_value(*args, clip=2.0))
    assert alt.snips_value(*args) == pytest.approx(sol.snips_value(*args))
    assert alt.dr_value(*args, q) == pytest.approx(sol.dr_value(*args, q))
