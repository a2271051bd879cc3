"""Property-based tests (hypothesis) for the trees, distributed and linear packs whose right
answer is fixed by an invariant or by a brute force: every reference and alternative must
keep it on any input.

The packs' hidden.py holds fixed cases for the same invariants (ties at scale in
best-split and histogram-binning, a fresh permutation every epoch in linear-regression-sgd);
an example hypothesis finds belongs there too, so that the judge tests it on every
submission.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# ----------------------------------------------------------------------------- best-split

BEST_SPLIT = ["solution", "alternatives/scan-loop", "alternatives/sorted-rows"]


def _brute_force_split(
    codes: np.ndarray, g: np.ndarray, h: np.ndarray, n_bins: int, lam: float, mcw: float
) -> tuple[int, int, bool] | None:
    """Every candidate by masks, in the statement's tie order; the first strictly best wins."""
    best: tuple[float, tuple[int, int, bool]] | None = None
    for f, b, left_missing in itertools.product(
        range(codes.shape[1]), range(n_bins), (False, True)
    ):
        col = codes[:, f]
        left = ((col >= 0) & (col <= b)) | ((col < 0) & left_missing)
        if left.all() or not left.any() or min(h[left].sum(), h[~left].sum()) < mcw:
            continue
        GL, HL, GR, HR = g[left].sum(), h[left].sum(), g[~left].sum(), h[~left].sum()
        gain = 0.5 * (GL**2 / (HL + lam) + GR**2 / (HR + lam) - (GL + GR) ** 2 / (HL + HR + lam))
        if gain > 1e-9 and (best is None or gain > best[0] * (1 + 1e-9)):
            best = (gain, (f, b, left_missing))
    return None if best is None else best[1]


@pytest.mark.parametrize("name", BEST_SPLIT)
@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 40),
    d=st.integers(1, 4),
    n_bins=st.integers(2, 8),
    copies=st.integers(1, 3),
    missing=st.sampled_from([0.0, 0.3]),
    mcw=st.sampled_from([0.0, 1.0]),
)
def test_best_split_is_the_first_best_candidate(
    load_pack: Any,
    name: str,
    seed: int,
    n: int,
    d: int,
    n_bins: int,
    copies: int,
    missing: float,
    mcw: float,
) -> None:
    # integer gradients and hessians make equal partitions give bit-equal gains, and
    # repeated columns make ties across features: the tie rule decides, not rounding
    mod = load_pack("best-split", name)
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, n_bins, (n, d))
    codes[rng.random((n, d)) < missing] = -1
    codes = np.tile(codes, copies)
    g = rng.integers(-3, 4, n).astype(float)
    h = rng.integers(1, 3, n).astype(float)
    got = mod.best_split(codes, g, h, n_bins, 1.0, 0.0, mcw)
    expected = _brute_force_split(codes, g, h, n_bins, 1.0, mcw)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert (got["feature"], got["threshold"], got["default_left"]) == expected


# ---------------------------------------------------------------------- histogram-binning

BINNING = ["solution", "alternatives/inverted-cdf", "alternatives/sorted-bisect"]


@pytest.mark.parametrize("name", BINNING)
@SETTINGS
@given(
    values=st.lists(
        st.one_of(st.integers(-5, 5).map(float), st.just(float("nan"))), min_size=1, max_size=80
    ),
    max_bins=st.integers(2, 12),
)
def test_binning_keeps_ties_together_and_is_monotone(
    load_pack: Any, name: str, values: list[float], max_bins: int
) -> None:
    mod = load_pack("histogram-binning", name)
    x = np.array(values)
    codes, (cuts,) = mod.bin_matrix(x[:, None], max_bins)
    codes = codes[:, 0]
    present = ~np.isnan(x)
    assert np.all(codes[~present] == -1)
    assert len(cuts) <= max_bins - 1 and np.all(np.diff(cuts) > 0)
    xs, cs = x[present], codes[present]
    if xs.size == 0:
        assert len(cuts) == 0
        return
    assert np.all((cs >= 0) & (cs <= len(cuts)))
    for v in np.unique(xs):  # equal values share one bin
        assert len(set(cs[xs == v].tolist())) == 1
    order = np.argsort(xs, kind="stable")
    assert np.all(np.diff(cs[order]) >= 0)  # codes never decrease with the value
    assert np.all(cuts < xs.max())  # no empty last bin
    if len(np.unique(xs)) <= max_bins:  # few values: one bin each
        assert len(np.unique(cs)) == len(np.unique(xs))
    reference = load_pack("histogram-binning").bin_matrix(x[:, None], max_bins)
    np.testing.assert_array_equal(codes, reference[0][:, 0])


# -------------------------------------------------------------------------- ring-allreduce

RING = ["solution", "alternatives/forward-what-you-received", "alternatives/own-chunk-last"]


@pytest.mark.parametrize("name", RING)
@SETTINGS
@given(
    n=st.integers(1, 7),
    size=st.integers(1, 30),
    dtype=st.sampled_from([np.float32, np.float64]),
    seed=st.integers(0, 2**32 - 1),
)
def test_ring_allreduce_conserves_the_sum_and_the_bytes(
    load_pack: Any, name: str, n: int, size: int, dtype: Any, seed: int
) -> None:
    mod = load_pack("ring-allreduce", name)
    rng = np.random.default_rng(seed)
    buffers = [rng.integers(-50, 50, size).astype(dtype) for _ in range(n)]
    before = [b.copy() for b in buffers]
    results, sent, messages = mod.ring_allreduce(buffers)
    total = np.sum(before, axis=0)
    for r in range(n):
        assert results[r].dtype == dtype
        np.testing.assert_array_equal(results[r], total)  # small integers: exact
        np.testing.assert_array_equal(buffers[r], before[r])
    assert len(messages) == 2 * n * (n - 1)
    assert all(dst == (src + 1) % n for _, _, src, dst, _ in messages)
    assert sum(sent) == 2 * (n - 1) * size * np.dtype(dtype).itemsize  # every chunk twice round
    assert all(isinstance(b, int) for b in sent)


# -------------------------------------------------------------------------- pipeline-bubble

PIPELINE = ["solution", "alternatives/memoised-recursion", "alternatives/longest-path"]


@pytest.mark.parametrize("name", PIPELINE)
@SETTINGS
@given(
    p=st.integers(1, 6),
    m=st.integers(1, 10),
    fwd=st.integers(1, 4),
    bwd=st.integers(1, 4),
    schedule=st.sampled_from(["gpipe", "1f1b"]),
)
def test_balanced_pipelines_have_the_textbook_bubble(
    load_pack: Any, name: str, p: int, m: int, fwd: int, bwd: int, schedule: str
) -> None:
    mod = load_pack("pipeline-bubble", name)
    out = mod.simulate_pipeline([float(fwd)] * p, [float(bwd)] * p, m, schedule)
    assert out["makespan"] == pytest.approx((m + p - 1) * (fwd + bwd), rel=1e-12)
    assert out["bubble_fraction"] == pytest.approx((p - 1) / (m + p - 1), abs=1e-12)
    expected_peaks = [m] * p if schedule == "gpipe" else [min(p - s, m) for s in range(p)]
    assert out["peak_activations"] == expected_peaks


@pytest.mark.parametrize("name", PIPELINE[1:])
@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    p=st.integers(1, 6),
    m=st.integers(1, 10),
    schedule=st.sampled_from(["gpipe", "1f1b"]),
)
def test_unbalanced_pipelines_agree_with_the_reference(
    load_pack: Any, name: str, seed: int, p: int, m: int, schedule: str
) -> None:
    rng = np.random.default_rng(seed)
    fwd = [float(v) for v in rng.integers(1, 5, p)]
    bwd = [float(v) for v in rng.integers(1, 9, p)]
    got = load_pack("pipeline-bubble", name).simulate_pipeline(fwd, bwd, m, schedule)
    ref = load_pack("pipeline-bubble").simulate_pipeline(fwd, bwd, m, schedule)
    assert got["makespan"] == ref["makespan"]
    assert got["peak_activations"] == ref["peak_activations"]
    # no stage can finish before it has done its own work, nor before one micro-batch's path
    assert ref["makespan"] >= max(m * (f + b) for f, b in zip(fwd, bwd, strict=True))
    assert ref["makespan"] >= sum(fwd) + sum(bwd)


# ---------------------------------------------------------------------- zero-memory-estimator

ZERO = ["solution", "alternatives/closed-form", "alternatives/bisect-over-range"]


@pytest.mark.parametrize("name", ZERO)
@SETTINGS
@given(
    gpu_bytes=st.integers(0, 10**12),
    world=st.integers(1, 5000),
    stage=st.integers(0, 3),
)
def test_largest_model_fits_and_one_more_does_not(
    load_pack: Any, name: str, gpu_bytes: int, world: int, stage: int
) -> None:
    mod = load_pack("zero-memory-estimator", name)
    n = mod.max_trainable_params(gpu_bytes, world, stage)
    assert isinstance(n, int) and n >= 0

    def total(k: int) -> int:
        return int(load_pack("zero-memory-estimator").zero_memory(k, world, stage)["total"])

    assert n == 0 or total(n) <= gpu_bytes
    assert total(n + 1) > gpu_bytes


# ------------------------------------------------------------------- linear-regression-sgd

SGD = ["solution", "alternatives/per-example-loops", "alternatives/split-indices-einsum"]


@pytest.mark.parametrize("name", SGD)
@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 12),
    batch_size=st.integers(1, 15),
    epochs=st.integers(1, 3),
)
def test_unshuffled_sgd_is_fixed_by_the_rules(
    load_pack: Any, name: str, seed: int, n: int, batch_size: int, epochs: int
) -> None:
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, 2)), rng.normal(size=n)
    kwargs: dict[str, Any] = dict(lr=0.05, batch_size=batch_size, epochs=epochs, shuffle=False)
    w, b = load_pack("linear-regression-sgd", name).sgd_linear_regression(X, y, **kwargs)
    w_ref, b_ref = np.zeros(2), 0.0  # the statement's loop, spelled out
    for _ in range(epochs):
        for start in range(0, n, batch_size):
            Xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            r = Xb @ w_ref + b_ref - yb
            w_ref, b_ref = w_ref - 0.05 * 2 * Xb.T @ r / len(yb), b_ref - 0.05 * 2 * r.mean()
    np.testing.assert_allclose(np.r_[w, b], np.r_[w_ref, b_ref], rtol=1e-10, atol=1e-12)
    assert np.ndim(b) == 0


def _two_epochs(orders: tuple[tuple[int, ...], ...]) -> np.ndarray:
    """[w, b] after one-row SGD steps (lr 0.17) on the 3-row problem, in the given orders."""
    X, y = np.array([1.0, 0.3, -0.8]), np.array([0.7, -1.1, 1.9])
    w, b = 0.0, 0.0
    for order in orders:
        for i in order:
            r = X[i] * w + b - y[i]
            w, b = w - 0.17 * 2 * r * X[i], b - 0.17 * 2 * r
    return np.array([w, b])


@pytest.mark.parametrize("name", SGD)
def test_every_epoch_draws_a_new_permutation(load_pack: Any, name: str) -> None:
    # the 36 pairs of row orders give 36 different results, so each seed's result says
    # which order each epoch used; a fresh permutation repeats the first one 1 time in 6
    mod = load_pack("linear-regression-sgd", name)
    X, y = np.array([[1.0], [0.3], [-0.8]]), np.array([0.7, -1.1, 1.9])
    pairs = list(itertools.product(itertools.permutations(range(3)), repeat=2))
    outcomes = np.array([_two_epochs(pair) for pair in pairs])
    repeats = 0
    for seed in range(30):
        w, b = mod.sgd_linear_regression(X, y, lr=0.17, batch_size=1, epochs=2, seed=seed)
        dist = np.max(np.abs(outcomes - np.r_[w, b]), axis=1)
        assert dist.min() < 1e-12
        first, second = pairs[int(np.argmin(dist))]
        repeats += first == second
    assert repeats < 15  # expected 5 of 30; a permutation drawn once repeats all 30


# ------------------------------------------------------- alternatives against independent oracles


@pytest.mark.parametrize("name", ["alternatives/sum-losses-then-divide"])
def test_data_parallel_alternative_equals_nn_mse_gradients(load_pack: Any, name: str) -> None:
    torch = pytest.importorskip("torch")
    mod = load_pack("data-parallel-grads", name)
    gen = torch.Generator().manual_seed(1)
    shapes = {"W1": (3, 4), "b1": (4,), "W2": (4, 1), "b2": (1,)}
    params = {k: torch.randn(*s, generator=gen, dtype=torch.float64) for k, s in shapes.items()}
    X = torch.randn(11, 3, generator=gen, dtype=torch.float64)
    y = torch.randn(11, generator=gen, dtype=torch.float64)
    l1, l2 = torch.nn.Linear(3, 4).double(), torch.nn.Linear(4, 1).double()
    with torch.no_grad():
        l1.weight.copy_(params["W1"].T)
        l1.bias.copy_(params["b1"])
        l2.weight.copy_(params["W2"].T)
        l2.bias.copy_(params["b2"])
    torch.nn.MSELoss()(l2(torch.tanh(l1(X))).squeeze(-1), y).backward()
    assert l1.weight.grad is not None and l2.weight.grad is not None
    full = {"W1": l1.weight.grad.T, "b1": l1.bias.grad, "W2": l2.weight.grad.T, "b2": l2.bias.grad}
    for world, accum in ((1, 1), (2, 2), (4, 1), (3, 3)):
        synced, local = mod.data_parallel_grads(params, X, y, world, accum)
        assert len(local) == world
        for k in shapes:
            torch.testing.assert_close(synced[k], full[k], rtol=1e-10, atol=1e-12)
            assert synced[k].dtype == torch.float64


def test_boosting_scipy_alternative_matches_the_reference_and_finite_differences(
    load_pack: Any,
) -> None:
    sol = load_pack("boosting-round-logistic")
    alt = load_pack("boosting-round-logistic", "alternatives/scipy-special")
    rng = np.random.default_rng(6)
    y = (rng.random(50) < 0.4).astype(float)
    margin = np.r_[rng.normal(0, 3, 46), 1000.0, -1000.0, 745.0, -745.0]
    g, h = alt.logistic_grad_hess(y, margin)
    assert np.all(np.isfinite(g)) and np.all(np.isfinite(h))
    eps = 1e-6
    m = margin[:46]
    fd = (
        np.logaddexp(0, m + eps)
        - y[:46] * (m + eps)
        - np.logaddexp(0, m - eps)
        + y[:46] * (m - eps)
    ) / (2 * eps)
    np.testing.assert_allclose(g[:46], fd, rtol=1e-6, atol=1e-9)
    assert alt.logloss(y, margin) == pytest.approx(sol.logloss(y, margin), rel=1e-12)
    leaves = rng.choice([0, 2, 3], 50)
    for lam in (0.0, 1.0):
        got = alt.boosting_round(y, margin, leaves, 5, 0.3, lam)
        ref = sol.boosting_round(y, margin, leaves, 5, 0.3, lam)
        np.testing.assert_allclose(got[1], ref[1], rtol=1e-12, atol=0)
        np.testing.assert_allclose(got[0], ref[0], rtol=1e-12, atol=0)


@SETTINGS
@given(
    seed=st.integers(0, 2**32 - 1),
    depth=st.integers(0, 4),
    gamma=st.sampled_from([0.0, 0.5]),
    mcw=st.sampled_from([0.0, 1.0]),
)
def test_histogram_subtraction_tree_predicts_like_the_reference(
    load_pack: Any, seed: int, depth: int, gamma: float, mcw: float
) -> None:
    sol = load_pack("depth-limited-tree")
    alt = load_pack("depth-limited-tree", "alternatives/histogram-subtraction")
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 6, (120, 3))
    codes[rng.random((120, 3)) < 0.15] = -1
    g, h = rng.normal(size=120) - np.sin(codes[:, 0]), rng.uniform(0.2, 1.0, 120)
    args = (codes, g, h, 6, depth, 1.0, gamma, mcw, 0.3)
    fresh = rng.integers(-1, 6, (60, 3))
    expected = sol.predict_tree(sol.grow_tree(*args), fresh)
    np.testing.assert_allclose(
        alt.predict_tree(alt.grow_tree(*args), fresh), expected, rtol=1e-9, atol=1e-12
    )
