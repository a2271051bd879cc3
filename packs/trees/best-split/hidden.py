import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Case, Suite, complexity


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_split_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check(
    "missing values learn a direction",
    hint="for every threshold, evaluate the missing rows on the left and on the right",
)
def missing_direction(t):
    # missing rows lean like code 0: only a split that sends them left with code 0 wins
    # (the random nodes below usually show it too, but on some seeds every node's best
    # split happened to send missing rows right, and a never-left mutant passed them)
    codes = np.array([[0], [0], [1], [2], [2], [-1], [-1]])
    g = np.array([-2.0, -1.8, 1.5, 1.2, 1.4, -2.2, -1.9])
    V.check_split(t, codes, g, np.ones(7), 3, 1.0, 0.0, 1.0, "missing rows lean like code 0")
    for k in range(4):
        codes, g, h = V.random_node(t.rng, 150, 3, 8, missing=0.25)
        sign = -1.0 if k % 2 else 1.0
        for f in range(3):
            g[codes[:, f] < 0] += sign * 1.5  # missing rows lean one way
        g[(codes[:, 1] <= 2) & (codes[:, 1] >= 0)] += sign * 1.5  # and so do low codes
        V.check_split(t, codes, g, h, 8, 1.0, 0.0, 0.5, f"random node {k} with 25% missing")
    # missing versus present is itself a split (threshold = n_bins - 1)
    codes = np.array([[0], [1], [2], [-1], [-1], [1]])
    g = np.array([1.0, 1.2, 0.8, -2.0, -2.5, 1.1])
    V.check_split(t, codes, g, np.ones(6), 3, 1.0, 0.0, 1.0, "missing vs present")


@suite.check("min_child_weight", hint="a child needs a hessian sum of at least min_child_weight")
def min_child_weight(t):
    codes, g, h = V.random_node(t.rng, 60, 2, 10, missing=0.1)
    h = h * 0.25  # logistic-like small hessians
    for mcw in (0.0, 1.0, 3.0, 100.0):
        V.check_split(t, codes, g, h, 10, 1.0, 0.0, mcw, f"min_child_weight={mcw}")


@suite.check(
    "gamma, and nodes that stay leaves",
    hint="subtract gamma, and keep the node a leaf unless the gain is > 0",
)
def gamma_and_leaves(t):
    codes, g, h = V.random_node(t.rng, 80, 2, 6)
    for gamma in (0.5, 2.0, 1e6):
        V.check_split(t, codes, g, h, 6, 1.0, gamma, 0.0, f"gamma={gamma}")
    V.check_split(t, codes, np.zeros(80), h, 6, 1.0, 0.0, 0.0, "all gradients zero")
    V.check_split(t, codes[:1], g[:1], h[:1], 6, 1.0, 0.0, 0.0, "a single row")
    same = np.full((10, 2), 3)
    V.check_split(t, same, g[:10], h[:10], 6, 1.0, 0.0, 0.0, "every row in the same bin")


@suite.check(
    "ties and empty bins",
    hint="on equal gains keep the smallest feature, then threshold, then missing right",
)
def ties(t):
    codes, g, h = V.random_node(t.rng, 100, 1, 12)
    codes[codes == 5] = 4  # bin 5 is empty: thresholds 4 and 5 make the same split
    V.check_split(
        t, np.column_stack([codes, codes]), g, h, 12, 1.0, 0.0, 0.0, "a duplicated feature"
    )
    wide = codes * 2  # only even bins are used
    V.check_split(t, wide, g, h, 24, 0.5, 0.0, 0.0, "every other bin empty")


@suite.check(
    "ties at scale: many equal gains",
    hint="on equal gains keep the smallest feature, then threshold, then missing right; "
    "an unstable sort of the candidates scrambles ties once there are many",
)
def ties_at_scale(t):
    # 48 copies of one feature: every best gain is tied 48 times, and with only every
    # fourth bin used each best split is also tied over 4 thresholds. Tables this wide are
    # where numpy's default (unstable) sorts stop keeping equal keys in order.
    codes, g, h = V.random_node(t.rng, 400, 1, 32, missing=0.1)
    copies = np.repeat(codes * 4, 48, axis=1)
    copies[copies < 0] = -1
    V.check_split(t, copies, g, h, 128, 1.0, 0.0, 0.0, "48 identical features, every 4th bin used")


@suite.check(
    "a feature that is always missing",
    hint="no threshold separates rows when none is present: every candidate leaves a child empty",
)
def all_missing(t):
    codes, g, h = V.random_node(t.rng, 50, 3, 5)
    codes[:, 0] = -1
    V.check_split(t, codes, g, h, 5, 1.0, 0.0, 0.0, "feature 0 all missing")


@suite.check(
    "lambda = 0 and large gradients",
    hint="with lambda = 0 the scores are G^2 / H; skip invalid candidates before dividing",
)
def extremes(t):
    codes, g, h = V.random_node(t.rng, 120, 3, 8, missing=0.1)
    V.check_split(t, codes, g * 1e4, h, 8, 0.0, 0.0, 0.0, "lambda=0, gradients ~1e4")
    V.check_split(t, codes, g, h, 8, 50.0, 0.0, 0.0, "lambda=50")


def _grown(n, rng):
    n_bins = n // 64
    codes, g, h = V.random_node(rng, n, 2, n_bins, missing=0.05)
    return Case.of(codes, g, h, n_bins, 1.0, 0.0, 1.0)


suite.add(
    complexity(
        "best_split",
        _grown,
        n=4_096,
        max_n=65_536,
        count_n=512,  # 8 bins; the counted sizes need a few
        expected="n + n_bins",
        name="one pass to build histograms, one scan over the bins",
        hint="sum each feature's rows into bins once; prefix sums give every threshold's G_L, H_L",
    )
)
