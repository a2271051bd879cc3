import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Suite, compare


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_boost_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()
EXTREME_Y = np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0])
EXTREME_M = np.array([1000.0, -1000.0, -1000.0, 1000.0, 40.0, -745.0])


@suite.check(
    "log loss at extreme margins",
    hint="never take log(sigmoid(m)); log(1 + e^m) has stable forms (np.logaddexp)",
)
def extreme_loss(t):
    got = t.sub.logloss(EXTREME_Y, EXTREME_M)
    compare.close(
        got,
        t.ref.logloss(EXTREME_Y, EXTREME_M),
        what="logloss",
        rtol=1e-9,
        atol=1e-12,
        inputs=f"y={EXTREME_Y.tolist()}, margin={EXTREME_M.tolist()}",
    )


@suite.check(
    "gradients at extreme margins",
    hint="compute the sigmoid without exp of a large positive number",
)
def extreme_grad(t):
    V.check_grad_hess(t, EXTREME_Y, EXTREME_M, "margins up to +-1000")


@suite.check("empty leaves get weight 0", hint="a leaf with no rows has G = H = 0: its value is 0")
def empty_leaves(t):
    y, margin = V.random_problem(t.rng, 20)
    leaves = t.rng.choice([0, 2, 5], 20)
    V.check_round(t, y, margin, leaves, 7, 0.3, 0.0, "leaves 1, 3, 4, 6 empty, lambda = 0")
    V.check_round(t, y, margin, leaves, 7, 0.3, 1.0, "leaves 1, 3, 4, 6 empty, lambda = 1")


@suite.check(
    "rounds lower the training loss",
    hint="each round is a damped Newton step: with eta < 1 the loss must go down",
)
def training_improves(t):
    y, _ = V.random_problem(t.rng, 200)
    feature = y + t.rng.normal(0, 0.8, 200)  # informative about y
    margin = np.full(200, t.sub.initial_margin(y))
    previous = t.ref.logloss(y, margin)
    for r in range(6):
        edges = np.quantile(feature, np.sort(t.rng.random(3)))
        leaves = np.searchsorted(edges, feature)  # a 4-leaf tree on the feature
        got = t.sub.boosting_round(y, margin, leaves, 4, 0.3, 1.0)
        margin = np.asarray(got[0], dtype=float)
        loss = t.ref.logloss(y, margin)
        compare.is_true(
            loss < previous,
            f"round {r + 1}: the training log loss went from "
            f"{previous:.6g} to {loss:.6g}; a boosting round must lower it",
            inputs="200 rows, 4 leaves per round, eta=0.3, reg_lambda=1",
        )
        previous = loss


@suite.check(
    "inputs are left unchanged", hint="build new arrays; margin += ... writes into the caller's"
)
def inputs_unchanged(t):
    y, margin = V.random_problem(t.rng, 10)
    remote_margin = t.remote(margin)
    t.sub.boosting_round(y, remote_margin, np.zeros(10, dtype=int), 1, 0.3, 1.0)
    compare.close(
        remote_margin._get(),
        margin,
        what="margin after the call",
        rtol=0,
        atol=0,
        inputs="10 rows, one leaf",
    )


@suite.check(
    "a single leaf and a single row",
    hint="one leaf: every row moves by the same -eta * G / (H + lambda)",
)
def degenerate(t):
    y, margin = V.random_problem(t.rng, 30)
    V.check_round(t, y, margin, np.zeros(30, dtype=int), 1, 1.0, 1.0, "one leaf")
    V.check_round(t, np.array([1.0]), np.array([0.3]), np.array([0]), 1, 0.5, 0.0, "one row")
