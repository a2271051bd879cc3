"""Hidden checks for kmeans: edge cases, empty clusters, determinism, larger inputs."""

import runpy
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, Trial, compare

# the property checker lives with the visible checks (learners can read what is tested)
_visible = runpy.run_path(str(Path(__file__).with_name("tests.py")))
check_result = _visible["check_result"]
check_blobs_recovered = _visible["check_blobs_recovered"]
slack_for = _visible["slack_for"]
blobs = _visible["blobs"]

suite = Suite()


@suite.check(
    "k = 1: the centroid is the mean",
    hint="with one cluster every point is in it; nothing to seed beyond one draw",
)
def one_cluster(t: Trial) -> None:
    X = t.rng.normal(3.0, 2.0, size=(25, 3))
    centroids, _ = check_result(t.sub.kmeans(X, 1), X, 1, "25 points in 3-D, k=1")
    compare.close(centroids[0], X.mean(axis=0), what="the only centroid", atol=1e-9)


@suite.check("a single point", hint="n = 1 and k = 1: the centroid is the point itself")
def single_point(t: Trial) -> None:
    X = np.array([[1.5, -2.0]])
    check_result(t.sub.kmeans(X, 1), X, 1, "X = [[1.5, -2.0]], k=1")


@suite.check(
    "one feature (d = 1)",
    hint="keep X two-dimensional, shape (n, 1); do not squeeze the feature axis",
)
def one_feature(t: Trial) -> None:
    X = np.concatenate([t.rng.normal(0, 1, 20), t.rng.normal(10, 1, 20)])[:, None]
    check_result(t.sub.kmeans(X, 2, seed=4), X, 2, "40 points in 1-D, shape (40, 1), k=2")


@suite.check(
    "k = n: every point is its own centroid",
    hint="k-means++ never draws a point already chosen (its D(x)^2 is 0)",
)
def k_equals_n(t: Trial) -> None:
    X = t.rng.uniform(-5, 5, size=(9, 2))
    inputs = "9 distinct points in 2-D, k=9"
    centroids, labels = check_result(t.sub.kmeans(X, 9, seed=1), X, 9, inputs)
    far = np.sqrt(((X - centroids[labels]) ** 2).sum(axis=1))
    i = int(far.argmax())
    compare.is_true(
        far[i] <= slack_for(X),
        f"point {i} is {far[i]:.4g} away from its centroid, yet with k = n distinct points "
        "each point can be a centroid (zero error)\n  likely mistake: the seeding drew the "
        "same point twice (draw with probability proportional to D(x)^2, which is 0 for a "
        "point already chosen)",
        inputs=inputs,
    )


@suite.check(
    "fewer distinct points than k",
    hint="some clusters must stay empty: their centroid has to stay finite, and the "
    "seeding must cope with every D(x)^2 being 0",
)
def duplicates(t: Trial) -> None:
    base = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
    X = base[[0, 0, 0, 1, 1, 2, 2, 2]]
    check_result(t.sub.kmeans(X, 8, seed=0), X, 8, "3 distinct points repeated to n=8, k=8")
    X = base[[2, 0, 1, 0, 2, 2]]
    check_result(t.sub.kmeans(X, 5, seed=3), X, 5, "3 distinct points repeated to n=6, k=5")


@suite.check(
    "all points identical",
    hint="every distance is 0: the seeding's probabilities are 0/0 and two clusters end up empty",
)
def all_identical(t: Trial) -> None:
    X = np.tile([[2.0, -1.0, 0.5]], (6, 1))
    check_result(t.sub.kmeans(X, 3, seed=2), X, 3, "6 copies of [2, -1, 0.5], k=3")


@suite.check("large magnitudes", hint="nothing should depend on the scale of the data")
def large_magnitudes(t: Trial) -> None:
    X, truth = blobs(t.rng, n_blobs=4, per_blob=10, spacing=1e9, spread=1e5)
    check_blobs_recovered(t, X, truth, 5, "4 blobs 1e9 apart with spread 1e5")


@suite.check(
    "more clusters in more dimensions",
    hint="distances sum over the feature axis; means average over the points axis",
)
def bigger(t: Trial) -> None:
    X, _ = blobs(t.rng, n_blobs=8, per_blob=20, d=5, spacing=50.0, spread=1.0)
    check_result(t.sub.kmeans(X, 8, seed=11), X, 8, "160 points in 5-D from 8 blobs, k=8")
    X = t.rng.normal(size=(150, 4))
    check_result(t.sub.kmeans(X, 7, seed=12), X, 7, "150 Gaussian points in 4-D, k=7")


@suite.check(
    "same seed, same result",
    hint="draw every random number from np.random.default_rng(seed), never from "
    "numpy's global state or an unseeded generator",
)
def same_seed(t: Trial) -> None:
    X = t.rng.uniform(0.0, 1.0, size=(50, 2))  # no structure: the result depends on the draws
    inputs = "50 uniform points in 2-D, k=5, seed=7, called twice"
    first = check_result(t.sub.kmeans(X, 5, seed=7), X, 5, inputs, fixed_point=False)
    second = check_result(t.sub.kmeans(X, 5, seed=7), X, 5, inputs, fixed_point=False)
    for what, a, b in zip(("centroids", "labels"), first, second, strict=True):
        compare.is_true(
            np.array_equal(a, b),
            f"the two calls returned different {what}: the random draws do not all come "
            "from `seed`",
            inputs=inputs,
        )


@suite.check("input array is left unchanged", hint="work on copies; never write into X")
def input_not_mutated(t: Trial) -> None:
    X = t.rng.normal(size=(20, 2))
    remote_X = t.remote(X)
    t.sub.kmeans(remote_X, 3)
    compare.close(remote_X._get(), X, what="X after the call", atol=0.0, rtol=0.0)
