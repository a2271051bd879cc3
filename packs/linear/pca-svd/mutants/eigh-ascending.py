# mistake: np.linalg.eigh returns eigenvalues in ascending order; takes the first k (the smallest) and keeps that order
# caught-by: sorted by decreasing variance
import numpy as np


def pca(X, k):
    Xc = X - X.mean(axis=0)
    vals, vecs = np.linalg.eigh(Xc.T @ Xc / (X.shape[0] - 1))
    C = vecs[:, -k:].T
    return C, vals[-k:], Xc @ C.T
