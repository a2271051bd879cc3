import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()


def random_triplets(rng, n_rows, n_cols, per_row=3, empty_rows=()):
    """Sparse counts with about `per_row` distinct columns per row."""
    rows, cols = [], []
    for u in range(n_rows):
        if u in empty_rows:
            continue
        chosen = rng.choice(n_cols, min(per_row, n_cols), replace=False)
        rows += [u] * len(chosen)
        cols += list(chosen)
    counts = rng.integers(1, 8, len(rows)).astype(float)
    return np.array(rows, dtype=int), np.array(cols, dtype=int), counts


def dense_half_step(rows, cols, counts, n_rows, Y, alpha, reg, conf=None, pref=None, lam=None):
    """The closed form with dense C_u, independent of any solution (with knobs for mistakes)."""
    R = np.zeros((n_rows, Y.shape[0]))
    R[rows, cols] = counts
    C = 1.0 + alpha * R if conf is None else conf(R)
    P = (R > 0).astype(float) if pref is None else pref(R)
    k = Y.shape[1]
    out = np.zeros((n_rows, k))
    for u in range(n_rows):
        lam_u = reg if lam is None else lam(R[u])
        out[u] = np.linalg.solve(Y.T @ (C[u][:, None] * Y) + lam_u * np.eye(k), Y.T @ (C[u] * P[u]))
    return out


def check_half_step(t, rows, cols, counts, n_rows, Y, alpha, reg, label):
    inputs = (
        f"{label}: {n_rows} rows, {Y.shape[0]} columns, k={Y.shape[1]}, {len(rows)} "
        f"observed entries, alpha={alpha}, reg={reg}"
    )
    got = t.sub.als_half_step(rows, cols, counts, n_rows, Y, alpha, reg)
    args = (rows, cols, counts, n_rows, Y, alpha, reg)
    compare.close(
        got,
        dense_half_step(*args),
        what="the half-step's factors",
        rtol=1e-8,
        atol=1e-10,
        inputs=inputs,
        diagnose={
            "confidence alpha * r instead of 1 + alpha * r": dense_half_step(
                *args, conf=lambda R: np.where(R > 0, alpha * R, 1.0)
            ),
            "the raw counts used as the preference instead of p = [r > 0]": dense_half_step(
                *args, pref=lambda R: R
            ),
            "regularisation scaled by the row's number of interactions": dense_half_step(
                *args, lam=lambda r: reg * max(1, int((r > 0).sum()))
            ),
            "unobserved entries ignored (their confidence is 1, not 0)": dense_half_step(
                *args, conf=lambda R: np.where(R > 0, 1 + alpha * R, 0.0)
            ),
        },
    )


@suite.check(
    "one half-step against the closed form",
    hint="x_u solves (Y^T C_u Y + reg I) x = Y^T C_u p_u, with c = 1 + alpha r on every "
    "column and p = 1 where r > 0",
)
def half_step(t):
    Y = np.array([[1.0], [2.0], [0.5]])
    check_half_step(
        t,
        np.array([0, 1, 1]),
        np.array([0, 0, 2]),
        np.array([2.0, 1.0, 4.0]),
        3,
        Y,
        1.0,
        0.5,
        "the statement's example",
    )
    rows, cols, counts = random_triplets(t.rng, 8, 10)
    check_half_step(t, rows, cols, counts, 8, t.rng.normal(size=(10, 3)), 2.0, 0.1, "random counts")


@suite.check(
    "the item half-step is the transposed problem",
    hint="for Y, the items play the rows: swap rows and cols, and pass X",
)
def item_step(t):
    rows, cols, counts = random_triplets(t.rng, 7, 5)
    X = t.rng.normal(size=(7, 2))
    check_half_step(t, cols, rows, counts, 5, X, 1.5, 0.2, "items given user factors")
