# mistake: finds the components on centred data but projects the raw data to get the scores
# caught-by: scores are the centred data in the new basis
import numpy as np


def pca(X, k):
    Xc = X - X.mean(axis=0)
    _, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    return Vt[:k], S[:k] ** 2 / (X.shape[0] - 1), X @ Vt[:k].T
