import numpy as np
from sklearn.cluster import KMeans
from sklearn.neighbors import NearestNeighbors


def cluster_labels(X, k):
    labels = KMeans(n_clusters=k, n_init=2, random_state=0).fit(X).labels_
    # Name clusters by first appearance so any correct labelling compares equal.
    order = {}
    return np.array([order.setdefault(int(c), len(order)) for c in labels])


def nearest(X, q):
    index = NearestNeighbors(n_neighbors=1).fit(X)
    return int(index.kneighbors(np.asarray(q).reshape(1, -1), return_distance=False)[0, 0])
