# mistake: calls scikit-learn's KMeans, which the statement rules out (write it yourself)
# caught-by: uses only allowed libraries
import numpy as np
from sklearn.cluster import KMeans


def kmeans(X, k, *, max_iter=100, tol=1e-6, seed=0):
    model = KMeans(n_clusters=k, max_iter=max_iter, tol=tol, random_state=seed, n_init=1)
    labels = model.fit_predict(np.asarray(X, dtype=float))
    return model.cluster_centers_, labels
