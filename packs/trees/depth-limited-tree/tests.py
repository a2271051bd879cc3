import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

EXAMPLE = (
    np.array([[0, -1], [1, 2], [2, -1], [3, 1], [1, 0], [2, -1]]),
    np.array([-2.0, 1.5, -1.0, 2.0, -2.5, -1.5]),
    np.array([1.0, 1.0, 0.5, 1.0, 0.5, 1.0]),
)


def validate_tree(tree, inputs):
    """Check the node format and that the nodes form a tree; return its depth."""
    compare.is_true(
        isinstance(tree, list | tuple) and len(tree) > 0,
        f"expected a non-empty list of nodes, got {compare.short(tree)}",
        inputs=inputs,
    )
    seen, depth, stack = set(), 0, [(0, 0)]
    while stack:
        i, d = stack.pop()
        compare.is_true(
            isinstance(i, int) and 0 <= i < len(tree) and i not in seen,
            f"node index {i!r} is out of range or reached twice: not a tree",
            inputs=inputs,
        )
        seen.add(i)
        node = tree[i]
        if isinstance(node, dict) and "value" in node:
            depth = max(depth, d)
            continue
        keys = {"feature", "threshold", "default_left", "left", "right"}
        compare.is_true(
            isinstance(node, dict) and keys <= set(node),
            f"tree[{i}] = {compare.short(node)}: a node is {{'value': w}} or has the "
            f"keys {sorted(keys)}",
            inputs=inputs,
        )
        stack += [(node["left"], d + 1), (node["right"], d + 1)]
    return depth


def leaf_sums(tree, codes, g, h):
    """For each row, the (G, H) of the leaf of `tree` it reaches on the training data."""
    leaf = np.zeros(len(g), dtype=int)
    for i in range(len(g)):
        node_id = 0
        while "value" not in tree[node_id]:
            node = tree[node_id]
            code = codes[i, node["feature"]]
            left = node["default_left"] if code < 0 else code <= node["threshold"]
            node_id = node["left"] if left else node["right"]
        leaf[i] = node_id
    G = np.bincount(leaf, weights=g, minlength=len(tree))
    H = np.bincount(leaf, weights=h, minlength=len(tree))
    return G[leaf], H[leaf]


def check_tree(t, codes, g, h, n_bins, max_depth, lam, gamma, mcw, eta, label):
    """The learner's tree must predict like the reference's on the training rows."""
    inputs = (
        f"{label}: {codes.shape[0]} rows, {codes.shape[1]} features, n_bins={n_bins}, "
        f"max_depth={max_depth}, reg_lambda={lam}, gamma={gamma}, "
        f"min_child_weight={mcw}, eta={eta}"
    )
    tree = t.sub.grow_tree(codes, g, h, n_bins, max_depth, lam, gamma, mcw, eta)
    depth = validate_tree(tree, inputs)
    compare.is_true(
        depth <= max_depth,
        f"your tree has depth {depth}, but max_depth={max_depth} (the root is at depth 0)",
        inputs=inputs,
        hint="a node at depth max_depth is always a leaf",
    )
    ref_tree = t.ref.grow_tree(codes, g, h, n_bins, max_depth, lam, gamma, mcw, eta)
    expected = t.ref.predict_tree(ref_tree, codes)
    got = t.ref.predict_tree(tree, codes)
    G, H = leaf_sums(ref_tree, codes, g, h)
    compare.close(
        got,
        expected,
        what="leaf value of each training row",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={
            "leaf weight has the wrong sign: it is minus G / (H + lambda)": -expected,
            "eta (shrinkage) not applied to the leaf weights": expected / eta,
            "lambda missing from the leaf weight's denominator": -eta * G / H,
        },
    )
    return tree


def random_node(rng, n, d, n_bins, missing=0.0):
    codes = rng.integers(0, n_bins, (n, d))
    codes[rng.random((n, d)) < missing] = -1
    signal = np.sin(codes[:, 0]) + 0.5 * (codes[:, 1 % d] > n_bins // 3)
    g = rng.normal(size=n) * 0.5 - signal
    h = rng.uniform(0.1, 1.0, n)
    return codes, g, h


@suite.check(
    "the statement's example", hint="split the root, then give each leaf -eta * G / (H + lambda)"
)
def statement(t):
    codes, g, h = EXAMPLE
    for depth in (0, 1):
        check_tree(t, codes, g, h, 4, depth, 1.0, 0.0, 1.0, 0.3, "the example")


@suite.check(
    "leaf weights on a random node",
    hint="each leaf's Newton step: minus G over (H + lambda), times eta",
)
def random_leaves(t):
    codes, g, h = random_node(t.rng, 300, 3, 10)
    check_tree(t, codes, g, h, 10, 2, 1.0, 0.0, 1.0, 0.3, "random rows")


@suite.check(
    "predict_tree follows the splits",
    hint="code <= threshold goes left; a missing code follows default_left",
)
def predict(t):
    codes, g, h = random_node(t.rng, 200, 3, 8, missing=0.2)
    tree = t.ref.grow_tree(codes, g, h, 8, 3, 1.0, 0.0, 0.5, 0.5)
    fresh = t.rng.integers(-1, 8, (50, 3))  # new rows, missing values included
    inputs = "the reference's depth-3 tree on 50 new rows with missing values"
    got = t.sub.predict_tree(tree, fresh)
    compare.close(
        got, t.ref.predict_tree(tree, fresh), what="predict_tree", rtol=1e-12, atol=0, inputs=inputs
    )
