# mistake: calls scikit-learn's PCA, which the statement rules out (PCA with NumPy's linear algebra)
# caught-by: uses only allowed libraries
from sklearn.decomposition import PCA


def pca(X, k):
    model = PCA(n_components=k, svd_solver="full").fit(X)
    return model.components_, model.explained_variance_, model.transform(X)
