# mistake: divides the squared singular values by n instead of n - 1
# caught-by: explained variance uses n - 1
import numpy as np


def pca(X, k):
    Xc = X - X.mean(axis=0)
    _, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    return Vt[:k], S[:k] ** 2 / X.shape[0], Xc @ Vt[:k].T
