# Library distances (scipy's cdist) and a lexsort on (distance, index) per query.
import numpy as np
from scipy.spatial.distance import cdist


def knn_predict(X_train, y_train, X_query, k):
    dist = cdist(X_query, X_train)  # (m, n) Euclidean
    out = []
    idx = np.arange(len(y_train))
    for row in dist:
        near = np.lexsort((idx, row))[:k]  # sort by distance, then by index
        labels = y_train[near]
        best, best_count = None, 0
        for label in labels:  # first label (in nearest order) to reach the top count
            c = int(np.sum(labels == label))
            if c > best_count:
                best, best_count = label, c
        out.append(best)
    return np.array(out)
