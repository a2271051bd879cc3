"""Every correct solution of the recsys packs against an independent oracle, and the
properties that define their answers (hypothesis).

The older oracle tests of the references live in test_recsys_trees_distributed.py; this
file holds every alternative, so a new one cannot drift from the statement unnoticed.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import ndcg_score

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# ------------------------------------------------------------------------- recall-at-k
RANKING = ["solution", "alternatives/numpy-isin", "alternatives/rank-lookup"]


def _ranking_lists(seed: int, users: int = 20, items: int = 30):
    rng = np.random.default_rng(seed)
    recommended = [[int(i) for i in rng.permutation(items)[:10]] for _ in range(users)]
    relevant = [
        [int(i) for i in rng.choice(items, int(rng.integers(0, 8)), replace=False)]
        for _ in range(users)
    ]
    return recommended, relevant


@pytest.mark.parametrize("module", RANKING)
def test_ranking_metrics_match_sklearn_ndcg_and_set_recall(load_pack, module) -> None:
    mod = load_pack("recall-at-k", module)
    recommended, relevant = _ranking_lists(3)
    for k in (1, 4, 10):  # k <= list length: sklearn averages the gains of tied unranked items
        ndcgs, recalls = [], []
        for recs, rel in zip(recommended, relevant, strict=True):
            if not rel:
                continue
            truth = np.isin(np.arange(30), rel).astype(float)[None]
            scores = np.zeros(30)
            scores[recs] = np.arange(len(recs), 0, -1)  # rank 1 scores highest
            ndcgs.append(ndcg_score(truth, scores[None], k=k))
            recalls.append(len(set(recs[:k]) & set(rel)) / len(rel))
        assert mod.ndcg_at_k(recommended, relevant, k) == pytest.approx(np.mean(ndcgs), rel=1e-9)
        assert mod.recall_at_k(recommended, relevant, k) == pytest.approx(np.mean(recalls))
    assert math.isnan(mod.ndcg_at_k([[1, 2]], [[]], 2))


@pytest.mark.parametrize("module", RANKING)
@FAST
@given(
    lists=st.lists(
        st.tuples(
            st.permutations(list(range(12))).map(lambda p: p[:8]),
            st.sets(st.integers(0, 14), max_size=6),
        ),
        min_size=1,
        max_size=5,
    ),
    k=st.integers(1, 10),
)
def test_ranking_metric_properties(load_pack, module, lists, k) -> None:
    """Both metrics lie in [0, 1]; recall never falls as k grows; a perfect list scores 1."""
    mod = load_pack("recall-at-k", module)
    recommended = [list(recs) for recs, _ in lists]
    relevant = [sorted(rel) for _, rel in lists]
    if not any(relevant):
        assert math.isnan(mod.recall_at_k(recommended, relevant, k))
        return
    recall, ndcg = (
        mod.recall_at_k(recommended, relevant, k),
        mod.ndcg_at_k(recommended, relevant, k),
    )
    assert 0.0 <= recall <= 1.0 + 1e-12 and 0.0 <= ndcg <= 1.0 + 1e-12
    assert mod.recall_at_k(recommended, relevant, k + 1) >= recall - 1e-12
    # the relevant list's order does not matter
    assert mod.ndcg_at_k(recommended, [rel[::-1] for rel in relevant], k) == pytest.approx(ndcg)
    perfect = [rel + [100 + i for i in range(3)] for rel in relevant]
    assert mod.ndcg_at_k(perfect, relevant, k) == pytest.approx(1.0)


# --------------------------------------------------------------------- item-item-cosine
ITEM_CF = ["solution", "alternatives/loops-and-heap", "alternatives/sklearn-cosine"]


def _interactions(seed: int, users: int, items: int, density: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    R = rng.integers(1, 6, (users, items)).astype(float)
    R[rng.random((users, items)) > density] = 0.0
    return R


@pytest.mark.parametrize("module", ITEM_CF)
def test_item_similarity_is_the_cosine_of_columns(load_pack, module) -> None:
    mod = load_pack("item-item-cosine", module)
    R = _interactions(0, 25, 12, 0.3)
    R[:, 5] = 0.0  # nobody touched item 5
    S = mod.item_similarity(R)
    norms = np.linalg.norm(R, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        oracle = np.nan_to_num((R.T @ R) / np.outer(norms, norms))
    np.fill_diagonal(oracle, 0.0)
    assert S.shape == (12, 12) and S.dtype == np.float64
    np.testing.assert_allclose(S, oracle, atol=1e-12)


@pytest.mark.parametrize("module", ITEM_CF)
@settings(FAST, max_examples=25)
@given(
    seed=st.integers(0, 2**32 - 1),
    items=st.integers(1, 320),
    density=st.sampled_from([0.0, 0.02, 0.3]),
    n=st.integers(0, 400),
)
def test_recommend_is_the_unseen_items_by_score_then_id(
    load_pack, module, seed, items, density, n
) -> None:
    """Sparse matrices give long runs of exactly-zero scores: ties at every width."""
    mod = load_pack("item-item-cosine", module)
    R = _interactions(seed, 8, items, density)
    got = mod.recommend(R, 0, n)
    scores = mod.item_similarity(R) @ R[0]
    unseen = [i for i in range(items) if R[0, i] == 0]
    assert all(type(i) is int for i in got)
    assert len(got) == min(n, len(unseen)) and len(set(got)) == len(got)
    assert all(R[0, i] == 0 for i in got)
    for a, b in itertools.pairwise(got):
        # best first within the stated 1e-9; exact ties (the zeros are exact in any
        # arithmetic) in increasing id order
        assert scores[a] >= scores[b] - 1e-9
        assert not (scores[a] == 0 == scores[b]) or a < b
    # nothing left out scores above the last recommended item
    if got and len(got) < len(unseen):
        rest = max(scores[i] for i in unseen if i not in set(got))
        assert rest <= scores[got[-1]] + 1e-9


# ---------------------------------------------------------------------- bandit-policies
BANDITS = ["solution", "alternatives/vectorised-state", "alternatives/gamma-ratio"]


@pytest.mark.parametrize("module", BANDITS)
def test_bandit_policies_agree_with_theory(load_pack, module) -> None:
    mod = load_pack("bandit-policies", module)
    ref = load_pack("bandit-policies")
    # deterministic policies: the same choices and regret as the reference, to the bit
    for means in ([0.3, 0.5, 0.7], [0.9, 0.1, 0.9]):
        assert mod.run_bandit(mod.UCB1(len(means)), means, 400, 5) == pytest.approx(
            ref.run_bandit(ref.UCB1(len(means)), means, 400, 5), abs=1e-12
        )
        greedy = mod.run_bandit(mod.EpsilonGreedy(len(means), 0.0, 1), means, 200, 2)
        assert greedy == pytest.approx(
            ref.run_bandit(ref.EpsilonGreedy(len(means), 0.0, 1), means, 200, 2), abs=1e-12
        )
    # Thompson: P(pick arm) = P(its Beta sample is the largest), by numerical integration
    policy = mod.ThompsonBeta(3, 4)
    for arm, (wins, losses) in enumerate(((3, 7), (5, 5), (1, 1))):
        for reward in [1.0] * wins + [0.0] * losses:
            policy.update(arm, reward)
    picks = np.bincount([policy.select() for _ in range(4000)], minlength=3) / 4000
    from scipy.stats import beta

    x = np.linspace(0, 1, 20_001)
    pdf = [beta.pdf(x, a, b) for a, b in ((4, 8), (6, 6), (2, 2))]
    cdf = [beta.cdf(x, a, b) for a, b in ((4, 8), (6, 6), (2, 2))]
    exact = [
        np.trapezoid(pdf[i] * np.prod([cdf[j] for j in range(3) if j != i], axis=0), x)
        for i in range(3)
    ]
    # 5 standard errors per arm: a false alarm about once in a million runs
    assert np.all(
        np.abs(picks - exact) < 5 * np.sqrt(np.array(exact) * (1 - np.array(exact)) / 4000)
    )
    # epsilon-greedy: greedy arm 1 - eps + eps / K
    policy = mod.EpsilonGreedy(4, 0.3, 9)
    for arm, reward in ((0, 0.0), (1, 1.0), (2, 0.0), (3, 0.0)):
        policy.update(arm, reward)
    share = np.mean([policy.select() == 1 for _ in range(4000)])
    assert abs(share - 0.775) < 5 * np.sqrt(0.775 * 0.225 / 4000)


# ----------------------------------------------------------------------------- bpr-step
BPR = ["solution", "alternatives/torch-autograd", "alternatives/triple-loop"]


@pytest.mark.parametrize("module", BPR)
def test_bpr_step_is_minus_lr_times_the_numerical_gradient(load_pack, module) -> None:
    mod = load_pack("bpr-step", module)
    rng = np.random.default_rng(1)
    P, Q = rng.normal(0, 0.5, (4, 3)), rng.normal(0, 0.5, (6, 3))
    users, pos, neg = (
        np.array([0, 1, 0, 3, 0]),
        np.array([1, 2, 5, 1, 2]),
        np.array([2, 1, 0, 4, 3]),
    )
    lr, reg = 0.3, 0.05

    def loss(P_, Q_):
        x = np.sum(P_[users] * (Q_[pos] - Q_[neg]), axis=1)
        pen = (P_[users] ** 2).sum(1) + (Q_[pos] ** 2).sum(1) + (Q_[neg] ** 2).sum(1)
        return float(np.mean(np.logaddexp(0, -x) + 0.5 * reg * pen))

    P_new, Q_new, value = mod.bpr_step(P.copy(), Q.copy(), users, pos, neg, lr, reg)
    assert value == pytest.approx(loss(P, Q), rel=1e-12)
    h = 1e-6
    for target, new in ((P, P_new), (Q, Q_new)):
        grad = np.zeros_like(target)
        for idx in np.ndindex(target.shape):
            old = target[idx]
            target[idx] = old + h
            up = loss(P, Q)
            target[idx] = old - h
            down = loss(P, Q)
            target[idx] = old
            grad[idx] = (up - down) / (2 * h)
        np.testing.assert_allclose(new, target - lr * grad, atol=1e-8)
    # huge margins: finite and exact
    big = mod.bpr_step(P * 100, Q * 100, users, pos, neg, lr, reg)
    assert np.isfinite(big[2]) and np.isfinite(big[0]).all() and np.isfinite(big[1]).all()


# ------------------------------------------------------------------------- implicit-als
ALS = ["solution", "alternatives/per-row-loop", "alternatives/scipy-sparse"]


@pytest.mark.parametrize("module", ALS)
def test_als_half_step_is_weighted_least_squares_and_losses_fall(load_pack, module) -> None:
    mod = load_pack("implicit-als", module)
    rng = np.random.default_rng(2)
    n_rows, n_cols, k, alpha, reg = 7, 9, 3, 2.0, 0.3
    R = np.where(rng.random((n_rows, n_cols)) < 0.3, rng.integers(1, 20, (n_rows, n_cols)), 0)
    R[4] = 0  # a row with no interactions
    rows, cols = np.nonzero(R)
    counts = R[rows, cols].astype(float)
    Y = rng.normal(size=(n_cols, k))
    X = mod.als_half_step(rows, cols, counts, n_rows, Y, alpha, reg)
    for u in range(n_rows):
        # weighted ridge via lstsq on the sqrt(c)-scaled rows, with sqrt(reg) I appended
        w = np.sqrt(1 + alpha * R[u])
        A = np.vstack([w[:, None] * Y, np.sqrt(reg) * np.eye(k)])
        b = np.concatenate([w * (R[u] > 0), np.zeros(k)])
        np.testing.assert_allclose(X[u], np.linalg.lstsq(A, b, rcond=None)[0], atol=1e-10)
    _, _, losses = mod.implicit_als(rows, cols, counts, n_rows, n_cols, k, alpha, reg, 5, 0)
    assert len(losses) == 5 and all(b <= a * (1 + 1e-12) for a, b in itertools.pairwise(losses))


# ----------------------------------------------------------------------- ips-off-policy
OPE = ["solution", "alternatives/direct-method-plus-correction", "alternatives/one-hot-einsum"]


@pytest.mark.parametrize("module", OPE)
def test_off_policy_estimators_are_unbiased_on_average(load_pack, module) -> None:
    mod = load_pack("ips-off-policy", module)
    rng = np.random.default_rng(4)
    n, K = 4000, 3
    logging = np.array([0.5, 0.3, 0.2])
    target = np.tile([0.1, 0.3, 0.6], (n, 1))
    mu = np.array([0.2, 0.5, 0.7])
    true_value = float(target[0] @ mu)
    estimates = {"ips": [], "snips": [], "dr": []}
    for _ in range(20):
        actions = rng.choice(K, n, p=logging)
        rewards = (rng.random(n) < mu[actions]).astype(float)
        props = logging[actions]
        model = np.tile(mu + 0.1, (n, 1))  # a biased reward model: DR stays unbiased
        estimates["ips"].append(mod.ips_value(actions, rewards, props, target))
        estimates["snips"].append(mod.snips_value(actions, rewards, props, target))
        estimates["dr"].append(mod.dr_value(actions, rewards, props, target, model))
        assert isinstance(estimates["ips"][-1], float)
    for values in estimates.values():
        # the mean of 20 estimates, each with sd below 0.02: 4 standard errors is 0.018
        assert np.mean(values) == pytest.approx(true_value, abs=0.018)
    zero = np.tile([0.0, 0.0, 1.0], (3, 1))
    assert mod.snips_value(np.array([0, 1, 0]), np.ones(3), np.full(3, 0.5), zero) == 0.0


# ------------------------------------------------------------------------------- linucb
LINUCB = ["solution", "alternatives/sherman-morrison", "alternatives/history-cholesky"]


@pytest.mark.parametrize("module", LINUCB)
def test_linucb_scores_are_sklearn_ridge_plus_the_bonus(load_pack, module) -> None:
    from sklearn.linear_model import Ridge

    mod = load_pack("linucb", module)
    rng = np.random.default_rng(8)
    K, d, alpha, reg = 3, 4, 0.7, 2.0
    policy = mod.LinUCB(K, d, alpha, reg)
    history: list[list[tuple[np.ndarray, float]]] = [[] for _ in range(K)]
    for _ in range(40):
        arm, x, r = int(rng.integers(K)), rng.normal(size=d), float(rng.normal())
        policy.update(arm, x, r)
        history[arm].append((x, r))
    contexts = rng.normal(size=(K, d))
    got = policy.scores(contexts)
    assert got.shape == (K,)
    for a in range(K):
        X = np.array([x for x, _ in history[a]])
        y = np.array([r for _, r in history[a]])
        theta = Ridge(alpha=reg, fit_intercept=False).fit(X, y).coef_
        A = reg * np.eye(d) + X.T @ X
        bonus = alpha * np.sqrt(contexts[a] @ np.linalg.solve(A, contexts[a]))
        assert got[a] == pytest.approx(theta @ contexts[a] + bonus, rel=1e-8)
    assert policy.select(contexts) == int(np.argmax(got))
    assert mod.LinUCB(4, 2, 0.5).select(np.ones((4, 2))) == 0


# ------------------------------------------------------------- matrix-factorization-sgd
MF = ["solution", "alternatives/torch-autograd", "alternatives/index-shuffle-loops"]


@pytest.mark.parametrize("module", MF)
def test_mf_step_is_minus_lr_times_the_gradient_and_training_helps(load_pack, module) -> None:
    mod = load_pack("matrix-factorization-sgd", module)
    rng = np.random.default_rng(5)
    params = {
        "mu": 3.2,
        "b_user": rng.normal(size=3),
        "b_item": rng.normal(size=4),
        "P": rng.normal(size=(3, 2)),
        "Q": rng.normal(size=(4, 2)),
    }
    u, i, r, lr, reg = 1, 2, 4.5, 0.1, 0.3

    def loss(b_u, b_i, p, q):
        err = r - (params["mu"] + b_u + b_i + p @ q)
        return 0.5 * err**2 + 0.5 * reg * (b_u**2 + b_i**2 + p @ p + q @ q)

    old = (params["b_user"][u], params["b_item"][i], params["P"][u].copy(), params["Q"][i].copy())
    err = r - (params["mu"] + old[0] + old[1] + old[2] @ old[3])
    grads = (
        reg * old[0] - err,
        reg * old[1] - err,
        reg * old[2] - err * old[3],
        reg * old[3] - err * old[2],
    )
    h = 1e-6
    assert (loss(old[0] + h, *old[1:]) - loss(old[0] - h, *old[1:])) / (2 * h) == pytest.approx(
        grads[0]
    )
    copy = {k: (v if k == "mu" else np.copy(v)) for k, v in params.items()}
    new = mod.sgd_step(copy, u, i, r, lr, reg)
    for got, value, grad in zip(
        (new["b_user"][u], new["b_item"][i], new["P"][u], new["Q"][i]), old, grads, strict=True
    ):
        np.testing.assert_allclose(got, value - lr * grad, rtol=1e-12)
    ratings = np.array([[a, b, 1 + (a * 3 + b) % 5] for a in range(6) for b in range(5)], float)
    _, losses = mod.train_mf(ratings, 6, 5, 2, 40, 0.05, 0.01, 0)
    assert len(losses) == 40 and losses[-1] < 0.7 * losses[0]
    assert all(b < a * 1.01 for a, b in itertools.pairwise(losses))
