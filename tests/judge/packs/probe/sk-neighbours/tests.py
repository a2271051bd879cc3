import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()


@suite.check("two far-apart blobs get two labels")
def two_blobs(t):
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(0, 0.1, (20, 2)), rng.normal(5, 0.1, (20, 2))])
    compare.equal(t.sub.cluster_labels(X, 2), np.repeat([0, 1], 20), inputs="two blobs")


@suite.check("the nearest row")
def nearest_row(t):
    X = np.array([[0.0, 0.0], [1.0, 1.0], [5.0, 5.0]])
    compare.equal(t.sub.nearest(X, [0.9, 1.2]), 1, inputs="three points, query (0.9, 1.2)")
