# Eigendecomposition of the n x n Gram matrix Xc Xc^T instead of the d x d covariance: its
# eigenvectors are the left singular vectors u_j, and v_j = Xc^T u_j / s_j.
import numpy as np


def pca(X, k):
    n = X.shape[0]
    Xc = X - X.mean(axis=0)  # a new array: the caller's X is untouched
    vals, U = np.linalg.eigh(Xc @ Xc.T)  # (n,), (n, n), ascending
    top = np.argsort(vals)[::-1][:k]
    s = np.sqrt(np.clip(vals[top], 0.0, None))  # (k,) singular values
    U_k = U[:, top]  # (n, k)
    C = (Xc.T @ U_k / s).T  # (k, d) unit rows: ||Xc^T u|| = s
    C /= np.linalg.norm(C, axis=1, keepdims=True)  # clean up rounding
    return C, s**2 / (n - 1), Xc @ C.T
