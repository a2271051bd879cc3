# mistake: centres the caller's array in place (X -= mean), corrupting the input
# caught-by: input is left unchanged
import numpy as np


def pca(X, k):
    X -= X.mean(axis=0)
    _, S, Vt = np.linalg.svd(X, full_matrices=False)
    return Vt[:k], S[:k] ** 2 / (X.shape[0] - 1), X @ Vt[:k].T
