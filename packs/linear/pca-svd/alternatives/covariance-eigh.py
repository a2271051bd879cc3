# Eigendecomposition of the sample covariance matrix instead of an SVD of the data.
import numpy as np


def pca(X, k):
    mean = X.mean(axis=0)
    cov = np.cov(X, rowvar=False).reshape(X.shape[1], X.shape[1])  # (d, d), n - 1 divisor
    vals, vecs = np.linalg.eigh(cov)  # ascending
    order = np.argsort(vals)[::-1][:k]
    C = vecs[:, order].T  # (k, d)
    return C, np.clip(vals[order], 0.0, None), (X - mean) @ C.T
