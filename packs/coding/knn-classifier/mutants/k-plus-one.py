# mistake: slices [:k + 1] (as if the query were in the training set and had to be skipped), so k + 1 neighbours vote
# caught-by: random data
import numpy as np


def knn_predict(X_train, y_train, X_query, k):
    d2 = ((X_query[:, None, :] - X_train[None, :, :]) ** 2).sum(-1)
    nearest = np.argsort(d2, axis=1, kind="stable")[:, :k + 1]

    preds = []
    for row in nearest:
        labels = list(y_train[row])
        counts = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        top = max(counts.values())
        preds.append(next(label for label in labels if counts[label] == top))
    return np.array(preds)

