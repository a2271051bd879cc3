# mistake: takes the first k columns of Vt (transposed) instead of its first k rows
# caught-by: the top-k subspace
import numpy as np


def pca(X, k):
    Xc = X - X.mean(axis=0)
    _, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    C = Vt[:, :k].T
    return C, S[:k] ** 2 / (X.shape[0] - 1), Xc @ C.T
