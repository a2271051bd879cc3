# One row at a time: group the triplets by row once, then solve a k x k system per row
# with the Y^T Y + correction trick. A plain loop, still O(nnz k^2 + n k^3).
import numpy as np


def als_half_step(rows, cols, counts, n_rows, Y, alpha, reg):
    k = Y.shape[1]
    base = Y.T @ Y + reg * np.eye(k)  # (k, k), shared by every row
    order = np.argsort(rows, kind="stable")
    starts = np.searchsorted(rows[order], np.arange(n_rows + 1))
    X = np.zeros((n_rows, k))
    for u in range(n_rows):
        idx = order[starts[u] : starts[u + 1]]
        if idx.size == 0:
            continue  # no interactions: the solution is 0
        Yu, c = Y[cols[idx]], 1.0 + alpha * counts[idx]  # (n_u, k), (n_u,)
        A = base + Yu.T @ ((c - 1.0)[:, None] * Yu)
        X[u] = np.linalg.solve(A, Yu.T @ c)
    return X


def implicit_als(rows, cols, counts, n_rows, n_cols, k, alpha, reg, iters, seed):
    Y = np.random.default_rng(seed).normal(0.0, 0.1, (n_cols, k))
    R = np.zeros((n_rows, n_cols))
    R[rows, cols] = counts
    C, P = 1.0 + alpha * R, (R > 0).astype(float)
    losses = []
    for _ in range(iters):
        X = als_half_step(rows, cols, counts, n_rows, Y, alpha, reg)
        Y = als_half_step(cols, rows, counts, n_cols, X, alpha, reg)
        losses.append(float(np.sum(C * (P - X @ Y.T) ** 2) + reg * (np.sum(X**2) + np.sum(Y**2))))
    return X, Y, losses
