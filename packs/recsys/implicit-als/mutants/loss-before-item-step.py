# mistake: records the loss after the user half-step, before the item half-step of the same iteration
# caught-by: ALS never increases the loss
import numpy as np


def sum_by_row(rows: np.ndarray, values: np.ndarray, n_rows: int) -> np.ndarray:
    """out[r] = sum of values[j] over the entries j with rows[j] == r; values (nnz, ...)."""
    flat = values.reshape(len(rows), -1)  # one bincount per trailing element
    out = np.stack([np.bincount(rows, weights=col, minlength=n_rows) for col in flat.T], axis=1)
    return out.reshape((n_rows, *values.shape[1:]))


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
    Y_obs = Y[cols]  # (nnz, k)
    # A_u = Y^T Y + reg I + sum over u's observed columns of (c - 1) y y^T
    outer = conf_minus_1[:, None, None] * Y_obs[:, :, None] * Y_obs[:, None, :]  # (nnz, k, k)
    A = Y.T @ Y + reg * np.eye(k) + sum_by_row(rows, outer, n_rows)  # (n_rows, k, k)
    # b_u = sum over u's observed columns of c * p * y, with p = 1 there (and 0 elsewhere)
    b = sum_by_row(rows, (1.0 + conf_minus_1)[:, None] * Y_obs, n_rows)  # (n_rows, k)
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
        losses.append(implicit_loss(rows, cols, counts, X, Y, alpha, reg))
        Y = als_half_step(cols, rows, counts, n_cols, X, alpha, reg)  # the transpose problem
    return X, Y, losses
