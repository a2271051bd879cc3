# Library route: scikit-learn's PCA (it centres, uses n - 1, and fixes signs its own way).
from sklearn.decomposition import PCA


def pca(X, k):
    model = PCA(n_components=k, svd_solver="full").fit(X)
    return model.components_, model.explained_variance_, model.transform(X)
