# mistake: runs the SVD on the raw data, so with a mean far from 0 the first direction points at the mean
# caught-by: data far from the origin
import numpy as np


def pca(X, k):
    _, S, Vt = np.linalg.svd(X, full_matrices=False)
    C = Vt[:k]
    return C, S[:k] ** 2 / (X.shape[0] - 1), (X - X.mean(axis=0)) @ C.T
