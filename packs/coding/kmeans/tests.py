"""Visible checks for kmeans. K-means has many fixed points and seeding is random, so
every check tests properties of the result (never equality with our centroids)."""

from typing import NoReturn

import numpy as np

from mldrills.checks import CheckFailed, Suite, Trial, compare

suite = Suite()


def fail(message: str, inputs: str) -> NoReturn:
    """Fail the running check with `message` and the input that showed it."""
    raise CheckFailed(f"{message}\n  input: {inputs}")


def slack_for(X: np.ndarray) -> float:
    """Tolerance for 'nearest' and 'mean': 1e-4 of the data's range (covers stopping on tol)."""
    return 1e-4 * (1.0 + float(np.ptp(X, axis=0).max()))


def check_result(
    out, X: np.ndarray, k: int, inputs: str, fixed_point: bool = True, means: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Fail unless `out` is (centroids, labels) forming a Lloyd fixed point for (X, k).

    With fixed_point=False only the shapes, dtypes, label range and finiteness are checked;
    with means=False the labels must be the nearest-centroid assignment, but the centroids
    need not be their clusters' means (a run stopped by max_iter).
    """
    n, d = X.shape
    if not isinstance(out, tuple | list) or len(out) != 2:
        fail(f"expected a pair (centroids, labels), got {compare.short(out)}", inputs)
    centroids = compare.as_array(out[0], "centroids", inputs)
    compare.is_true(
        centroids.shape == (k, d),
        f"centroids: expected shape {(k, d)}, got {centroids.shape}",
        inputs=inputs,
    )
    labels = np.asarray(out[1])
    compare.is_true(
        labels.shape == (n,), f"labels: expected shape {(n,)}, got {labels.shape}", inputs=inputs
    )
    compare.is_true(
        labels.dtype.kind in "iu",
        f"labels: expected an integer array, got dtype {labels.dtype}",
        inputs=inputs,
    )
    bad = (labels < 0) | (labels >= k)
    if bad.any():
        i = int(np.argmax(bad))
        fail(f"labels: expected values in 0..{k - 1}, got {labels[i]} at index {i}", inputs)

    finite = np.isfinite(centroids).all(axis=1)
    if not finite.all():
        j = int(np.argmin(finite))
        fail(
            f"centroid {j} is {centroids[j]} (not finite)\n  likely mistake: the mean of "
            "an empty cluster (no points: 0/0 = NaN); give an empty cluster a finite "
            "centroid (re-seed it, or keep the old one)",
            inputs,
        )
    if not fixed_point:
        return centroids, labels

    slack = slack_for(X)
    dist = np.sqrt(((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=-1))  # (n, k)
    own = dist[np.arange(n), labels]
    gap = own - dist.min(axis=1)
    if gap.max() > slack:
        i = int(gap.argmax())
        j = int(dist[i].argmin())
        msg = (
            f"point {i} {X[i]} is labelled {labels[i]} (distance {own[i]:.6g}), but "
            f"centroid {j} is closer (distance {dist[i, j]:.6g}): labels must be the "
            "nearest-centroid assignment of the centroids you return"
        )
        if k > 1 and (labels == dist.argmax(axis=1)).all():
            msg += "\n  likely mistake: argmax instead of argmin (each point went to its farthest centroid)"
        elif not means:
            msg += (
                "\n  likely mistake: the labels come from the centroids before the last "
                "update (assign once more after the loop)"
            )
        else:
            msg += (
                "\n  likely mistake: the loop stopped before the assignments settled, "
                "or the labels come from older centroids"
            )
        fail(msg, inputs)

    if not means:
        return centroids, labels
    for j in range(k):
        members = X[labels == j]
        if len(members) == 0:
            continue
        mean = members.mean(axis=0)
        err = float(np.sqrt(((centroids[j] - mean) ** 2).sum()))
        if err > slack:
            msg = (
                f"centroid {j} is {centroids[j]}, but the mean of its {len(members)} "
                f"point(s) is {mean}: after the update step each centroid is the mean of "
                "its cluster"
            )
            if len(members) > 1 and np.allclose(centroids[j], members.sum(axis=0)):
                msg += "\n  likely mistake: the sum of the points, not divided by their count"
            fail(msg, inputs)
    return centroids, labels


def uniform_points(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """n points uniform in the unit cube (no structure: many local optima)."""
    return rng.uniform(0.0, 1.0, size=(n, d))


def blobs(
    rng: np.random.Generator,
    n_blobs: int,
    per_blob: int,
    d: int = 2,
    spacing: float = 1000.0,
    spread: float = 0.1,
) -> tuple[np.ndarray, np.ndarray]:
    """Tight blobs on a grid, shuffled; returns points (n, d) and each point's blob."""
    side = int(np.ceil(np.sqrt(n_blobs)))
    centers = np.array(
        [[spacing * (b % side), spacing * (b // side)] + [0.0] * (d - 2) for b in range(n_blobs)]
    )
    truth = np.repeat(np.arange(n_blobs), per_blob)
    X = centers[truth] + rng.normal(0.0, spread, size=(len(truth), d))
    order = rng.permutation(len(truth))
    return X[order], truth[order]


@suite.check(
    "returns k centroids and n integer labels",
    hint="centroids (k, d) floats, labels (n,) ints in 0..k-1, returned as a pair",
)
def shapes(t: Trial) -> None:
    for n, d, k in ((30, 2, 3), (12, 5, 4)):
        X = uniform_points(t.rng, n, d)
        seed = int(t.rng.integers(100))
        out = t.sub.kmeans(X, k, seed=seed)
        check_result(out, X, k, f"X of shape {X.shape}, k={k}, seed={seed}", fixed_point=False)


@suite.check(
    "converges to a Lloyd fixed point",
    hint="repeat assign and update until nothing moves; labels use the final centroids",
)
def fixed_point(t: Trial) -> None:
    for n, d, k in ((60, 2, 4), (40, 3, 3), (80, 2, 6)):
        X = uniform_points(t.rng, n, d)
        seed = int(t.rng.integers(100))
        out = t.sub.kmeans(X, k, seed=seed)
        check_result(out, X, k, f"{n} uniform points in {d}-D, k={k}, seed={seed}")


SEEDING = (
    "  likely mistake: seeding with k uniformly drawn points instead of k-means++ (D(x)^2 sampling)"
)


def check_blobs_recovered(t: Trial, X: np.ndarray, truth: np.ndarray, seed: int, what: str) -> None:
    """Every blob lands in one cluster and no two blobs share one."""
    k = int(truth.max()) + 1
    inputs = f"{what}, k={k}, seed={seed}"
    _, labels = check_result(t.sub.kmeans(X, k, seed=seed), X, k, inputs)
    cluster_of: dict[int, int] = {}  # cluster -> the first blob found in it
    for b in range(k):
        got = np.unique(labels[truth == b])
        if len(got) > 1:
            fail(
                f"blob {b} was split across clusters {got.tolist()}, so two other blobs "
                f"share a cluster: two starting centroids fell in blob {b}\n{SEEDING}",
                inputs,
            )
        j = int(got[0])
        if j in cluster_of:
            fail(
                f"blobs {cluster_of[j]} and {b} both ended in cluster {j}, so another "
                "cluster holds part of a blob or nothing: two starting centroids fell in "
                f"the same blob and Lloyd could not move one out\n{SEEDING}",
                inputs,
            )
        cluster_of[j] = b


@suite.check(
    "well-separated blobs are recovered",
    hint="Lloyd only finds a local optimum: the seeding must spread the first centroids out",
)
def blobs_recovered(t: Trial) -> None:
    for seed in (0, 1, 2):
        X, truth = blobs(t.rng, n_blobs=6, per_blob=15)
        check_blobs_recovered(t, X, truth, seed, "6 tight blobs 1000 apart")


@suite.check(
    "labels match the returned centroids after one iteration",
    hint="with max_iter=1 the loop stops right after an update: assign the points once "
    "more to the centroids you return",
)
def unconverged(t: Trial) -> None:
    # uniform points with many clusters: one Lloyd step never converges, so labels
    # computed before the last update differ from the nearest-centroid assignment
    for n, k, max_iter in ((80, 8, 1), (60, 6, 1), (80, 8, 2)):
        X = uniform_points(t.rng, n, 2)
        seed = int(t.rng.integers(100))
        inputs = f"{n} uniform points in 2-D, k={k}, max_iter={max_iter}, seed={seed}"
        out = t.sub.kmeans(X, k, max_iter=max_iter, seed=seed)
        check_result(out, X, k, inputs, means=False)
