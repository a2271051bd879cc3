import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_tree_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check("the depth limit", hint="the root is at depth 0; nodes at depth max_depth are leaves")
def depth_limit(t):
    codes, g, h = V.random_node(t.rng, 400, 3, 16)
    for depth in (0, 1, 3, 5):
        V.check_tree(t, codes, g, h, 16, depth, 1.0, 0.0, 0.0, 1.0, f"depth {depth}")


@suite.check(
    "gamma and min_child_weight stop growth",
    hint="a node splits only if its best valid candidate has a gain > 0 after gamma",
)
def stopping(t):
    codes, g, h = V.random_node(t.rng, 300, 3, 12)
    for gamma, mcw in ((0.0, 20.0), (5.0, 0.0), (1e6, 0.0), (0.5, 5.0)):
        V.check_tree(t, codes, g, h, 12, 4, 1.0, gamma, mcw, 0.3, f"gamma={gamma}, mcw={mcw}")


@suite.check(
    "missing values",
    hint="missing rows go where the split's default direction says, "
    "both while growing and when predicting",
)
def missing(t):
    for k in range(3):
        codes, g, h = V.random_node(t.rng, 300, 4, 8, missing=0.3)
        g[codes[:, 2] < 0] -= 1.0 if k % 2 else -1.0
        tree = V.check_tree(t, codes, g, h, 8, 3, 1.0, 0.0, 1.0, 0.3, f"30% missing, run {k}")
        fresh = t.rng.integers(-1, 8, (40, 4))
        own = t.sub.grow_tree._keep(codes, g, h, 8, 3, 1.0, 0.0, 1.0, 0.3)  # stays in your code
        got = t.sub.predict_tree(own, fresh)
        compare.close(
            got,
            t.ref.predict_tree(tree, fresh),
            what="predict_tree on your own tree",
            rtol=1e-12,
            atol=0,
            inputs="40 new rows with missing values",
        )


@suite.check(
    "a larger tree",
    hint="each child searches its split on its own rows only, level by level",
)
def larger(t):
    codes, g, h = V.random_node(t.rng, 2000, 8, 32, missing=0.05)
    V.check_tree(t, codes, g, h, 32, 6, 1.0, 0.1, 1.0, 0.1, "2000 rows, depth 6")


@suite.check("tiny and degenerate nodes", hint="a node with one row, or identical rows, is a leaf")
def degenerate(t):
    codes, g, h = V.random_node(t.rng, 10, 2, 4)
    V.check_tree(t, codes[:1], g[:1], h[:1], 4, 3, 1.0, 0.0, 0.0, 0.3, "a single row")
    V.check_tree(t, np.zeros((10, 2), dtype=int), g, h, 4, 3, 1.0, 0.0, 0.0, 0.3, "identical rows")
    V.check_tree(t, codes, np.zeros(10), h, 4, 3, 1.0, 0.0, 0.0, 0.3, "zero gradients")
    V.check_tree(t, codes, g, h, 4, 3, 0.0, 0.0, 0.5, 1.0, "lambda = 0")


@suite.check(
    "ties at scale: many equal gains",
    hint="on equal gains keep the smallest feature, then threshold, then missing right; "
    "an unstable sort of the candidates scrambles ties once there are many",
)
def ties_at_scale(t):
    # 24 copies of one feature with only every fourth bin used: each best split is tied
    # over 24 features and 4 thresholds. On the training rows every tied choice predicts
    # the same; on fresh rows (other columns, unused bins) only the stated tie rule does.
    codes, g, h = V.random_node(t.rng, 400, 1, 8, missing=0.1)
    wide = np.repeat(np.where(codes < 0, -1, codes * 4), 24, axis=1)
    tree = V.check_tree(t, wide, g, h, 32, 3, 1.0, 0.0, 0.0, 0.5, "24 identical features")
    fresh = t.rng.integers(-1, 32, (300, 24))
    ref_tree = t.ref.grow_tree(wide, g, h, 32, 3, 1.0, 0.0, 0.0, 0.5)
    compare.close(
        t.ref.predict_tree(tree, fresh),
        t.ref.predict_tree(ref_tree, fresh),
        what="your tree's predictions on 300 fresh rows",
        rtol=1e-9,
        atol=1e-12,
        inputs="grown on 24 identical features, every fourth bin used; fresh rows use "
        "every bin and differ across features",
    )
