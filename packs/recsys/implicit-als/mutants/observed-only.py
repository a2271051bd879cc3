# mistake: builds A_u from u's observed items only (sum of c y y^T plus reg I), leaving out the y y^T of every item u never touched; those pairs have c = 1, p = 0 and must still pull x_u . y_i toward 0, which is what the full Y^T Y term does
# caught-by: one half-step against the closed form
import numpy as np


def als_half_step(
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    n_rows: int,
    Y: np.ndarray,
    alpha: float,
    reg: float,
) -> np.ndarray:
    """Exact least-squares factors (n_rows, k) of the row side, given column factors Y."""
    k = Y.shape[1]
    conf_minus_1 = alpha * counts  # c - 1 on the observed entries; c = 1 everywhere else
    # A_u = Y^T Y + sum over u's items of (c - 1) y y^T + reg I, built for all rows at once
    A = np.broadcast_to(reg * np.eye(k), (n_rows, k, k)).copy()  # (n_rows, k, k)
    outer = Y[cols][:, :, None] * Y[cols][:, None, :]  # (nnz, k, k)
    np.add.at(A, rows, (1.0 + conf_minus_1)[:, None, None] * outer)
    # b_u = sum over u's items of c * p * y, with p = 1 on observed entries
    b = np.zeros((n_rows, k))
    np.add.at(b, rows, (1.0 + conf_minus_1)[:, None] * Y[cols])
    return np.linalg.solve(A, b[:, :, None])[:, :, 0]  # (n_rows, k)


def implicit_loss(rows, cols, counts, X, Y, alpha, reg) -> float:
    """sum over all (u, i) of c_ui (p_ui - x_u.y_i)^2, plus reg times both squared norms."""
    # every pair as if unobserved (c = 1, p = 0): sum (x.y)^2 = trace(X^T X Y^T Y)
    total = np.sum((X.T @ X) * (Y.T @ Y))
    pred = np.sum(X[rows] * Y[cols], axis=1)  # (nnz,)
    c = 1.0 + alpha * counts
    total += np.sum(c * (1.0 - pred) ** 2 - pred**2)  # swap in the observed entries' terms
    return float(total + reg * (np.sum(X**2) + np.sum(Y**2)))


def implicit_als(
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    n_rows: int,
    n_cols: int,
    k: int,
    alpha: float,
    reg: float,
    iters: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Alternate exact half-steps (users, then items); return X, Y and the loss per iteration."""
    rng = np.random.default_rng(seed)
    Y = rng.normal(0.0, 0.1, (n_cols, k))
    X = np.zeros((n_rows, k))
    losses = []
    for _ in range(iters):
        X = als_half_step(rows, cols, counts, n_rows, Y, alpha, reg)
        Y = als_half_step(cols, rows, counts, n_cols, X, alpha, reg)  # the transpose problem
        losses.append(implicit_loss(rows, cols, counts, X, Y, alpha, reg))
    return X, Y, losses
