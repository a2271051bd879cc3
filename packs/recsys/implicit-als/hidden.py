import importlib.util
from pathlib import Path

import numpy as np

from mldrills.checks import Case, Suite, compare, complexity


def _visible():
    """The helpers defined in tests.py (loaded by path so this file stands alone)."""
    spec = importlib.util.spec_from_file_location(
        "_als_visible", Path(__file__).with_name("tests.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


V = _visible()
suite = Suite()


@suite.check("rows without interactions", hint="with no observed entries the right-hand side is 0")
def empty_rows(t):
    rows, cols, counts = V.random_triplets(t.rng, 6, 8, empty_rows=(0, 4, 5))
    V.check_half_step(
        t, rows, cols, counts, 6, t.rng.normal(size=(8, 3)), 1.0, 0.3, "rows 0, 4 and 5 empty"
    )


@suite.check(
    "large counts and a dense row",
    hint="confidence 1 + alpha * r can be large; solve the k x k system, do not invert by hand",
)
def large(t):
    rows, cols, counts = V.random_triplets(t.rng, 5, 12, per_row=12)
    V.check_half_step(
        t,
        rows,
        cols,
        counts * 100,
        5,
        t.rng.normal(size=(12, 4)),
        40.0,
        1.0,
        "every entry observed, counts up to 700",
    )


def fit(t, iters=6, seed=1):
    rows, cols, counts = V.random_triplets(t.rng, 15, 12, per_row=4)
    args = (rows, cols, counts, 15, 12, 3, 2.0, 0.1, iters, seed)
    got = t.sub.implicit_als(*args)
    inputs = f"15 users, 12 items, {len(rows)} entries, k=3, alpha=2, reg=0.1, iters={iters}, seed={seed}"
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 3,
        f"expected (X, Y, losses), got {compare.short(got)}",
        inputs=inputs,
    )
    return args, got, inputs


@suite.check(
    "ALS never increases the loss",
    hint="alternate exact half-steps (X given Y, then Y given X) and record the full objective",
)
def monotone(t):
    args, (X, Y, losses), inputs = fit(t)
    losses = [float(np.squeeze(v)) for v in losses]
    compare.is_true(len(losses) == 6, f"expected 6 losses, got {len(losses)}", inputs=inputs)
    rows, cols, counts, _, _, _, alpha, reg, _, _ = args
    expected_last = t.ref.implicit_loss(
        rows, cols, counts, np.asarray(X), np.asarray(Y), alpha, reg
    )
    compare.close(
        losses[-1],
        expected_last,
        what="the last loss (vs the objective of the returned X and Y)",
        rtol=1e-8,
        atol=1e-10,
        inputs=inputs,
        diagnose={
            "the loss sums only the observed entries": float(
                np.sum(
                    (1 + alpha * counts)
                    * (1 - np.sum(np.asarray(X)[rows] * np.asarray(Y)[cols], 1)) ** 2
                )
                + reg * (np.sum(np.asarray(X) ** 2) + np.sum(np.asarray(Y) ** 2))
            ),
        },
    )
    for e in range(1, len(losses)):
        compare.is_true(
            losses[e] <= losses[e - 1] * (1 + 1e-9),
            f"the loss went up from {losses[e - 1]:.9g} to {losses[e]:.9g} at "
            f"iteration {e + 1}: a half-step is not an exact minimiser",
            inputs=inputs,
        )


@suite.check(
    "the fit ends on an exact item half-step",
    hint="each iteration solves X given Y, then Y given that new X",
)
def ends_exact(t):
    args, (X, Y, _), inputs = fit(t, iters=3)
    rows, cols, counts, _, n_cols, _, alpha, reg, _, _ = args
    compare.close(
        Y,
        V.dense_half_step(cols, rows, counts, n_cols, np.asarray(X), alpha, reg),
        what="Y (vs the exact item half-step given your X)",
        rtol=1e-8,
        atol=1e-10,
        inputs=inputs,
    )


@suite.check("same seed, same factors", hint="draw the initial Y from np.random.default_rng(seed)")
def seeded(t):
    rows, cols, counts = V.random_triplets(t.rng, 10, 9)
    args = (rows, cols, counts, 10, 9, 2, 1.0, 0.1, 2, 5)
    first, second = t.sub.implicit_als(*args), t.sub.implicit_als(*args)
    compare.close(
        second[0],
        first[0],
        what="X of a second run",
        rtol=0,
        atol=0,
        inputs="10 users, 9 items, k=2, seed=5",
    )
    compare.close(
        first[1],
        t.ref.implicit_als(*args)[1],
        what="Y after 2 iterations (the initial draw is Y ~ N(0, 0.1^2) from default_rng(seed))",
        rtol=1e-8,
        atol=1e-10,
        inputs="10 users, 9 items, k=2, seed=5",
    )


def _big(n, rng):
    """n/16 rows x n columns, 5 distinct columns per row (one in each fifth of the columns).

    Few rows and many columns: a row update that touches every column costs O(n) then,
    well above the fixed cost of a Python loop over rows, so that mistake shows at sizes
    where a correct update still takes a few milliseconds.
    """
    n_rows, width = n // 16, n // 5
    cols = (np.arange(5) * width + rng.integers(0, width, (n_rows, 5))).ravel()
    rows = np.repeat(np.arange(n_rows), 5)
    counts = rng.integers(1, 8, 5 * n_rows).astype(float)
    return Case.of(rows, cols, counts, n_rows, rng.normal(size=(n, 8)), 1.0, 0.1)


suite.add(
    complexity(
        "als_half_step",
        _big,
        n=1_000,
        max_n=16_000,
        legacy_sizes=(500, 8_000),  # the CPU-only method's n, max_n (on the earlier n x n input)
        expected="n",
        target_seconds=0.3,
        name="touches only the observed entries",
        hint="Y^T C_u Y = Y^T Y + a correction from u's observed columns only",
    ),
)
