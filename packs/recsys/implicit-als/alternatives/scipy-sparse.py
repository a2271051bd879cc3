# scipy.sparse does the per-row sums: the (c - 1) y y^T corrections of every row are one
# sparse product with the items' flattened outer products, (n_rows, n_cols) @ (n_cols, k*k).
import numpy as np
from scipy import sparse


def als_half_step(rows, cols, counts, n_rows, Y, alpha, reg):
    n_cols, k = Y.shape
    extra = sparse.csr_matrix((alpha * counts, (rows, cols)), shape=(n_rows, n_cols))
    outer = np.einsum("ia,ib->iab", Y, Y).reshape(n_cols, k * k)  # (n_cols, k*k)
    A = (extra @ outer).reshape(n_rows, k, k) + Y.T @ Y + reg * np.eye(k)
    b = (extra @ Y) + sparse.csr_matrix(
        (np.ones_like(counts), (rows, cols)), shape=(n_rows, n_cols)
    ) @ Y  # sum of c * y over the observed columns, c = 1 + alpha r
    return np.linalg.solve(A, b[:, :, None])[:, :, 0]


def _objective(rows, cols, counts, X, Y, alpha, reg):
    pred = np.einsum("nk,nk->n", X[rows], Y[cols])
    unobserved_all = np.einsum("ab,ab->", X.T @ X, Y.T @ Y)  # every pair with c = 1, p = 0
    observed = np.sum((1 + alpha * counts) * (1 - pred) ** 2 - pred**2)
    return float(unobserved_all + observed + reg * (np.sum(X * X) + np.sum(Y * Y)))


def implicit_als(rows, cols, counts, n_rows, n_cols, k, alpha, reg, iters, seed):
    Y = np.random.default_rng(seed).normal(0.0, 0.1, size=(n_cols, k))
    X = np.zeros((n_rows, k))
    losses = []
    for _ in range(iters):
        X = als_half_step(rows, cols, counts, n_rows, Y, alpha, reg)
        Y = als_half_step(cols, rows, counts, n_cols, X, alpha, reg)
        losses.append(_objective(rows, cols, counts, X, Y, alpha, reg))
    return X, Y, losses
