# mistake: uses np.argpartition(d, k) to find the k nearest, which raises when k >= n instead of using every row
# caught-by: k larger than the training set
import numpy as np


def knn_predict(X_train, y_train, X_query, k):
    d2 = ((X_query[:, None, :] - X_train[None, :, :]) ** 2).sum(-1)
    part = np.argpartition(d2, k, axis=1)[:, :k]
    order = np.take_along_axis(d2, part, axis=1)
    nearest = [p[np.lexsort((p, o))] for p, o in zip(part, order)]

    preds = []
    for row in nearest:
        labels = list(y_train[row])
        counts = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        top = max(counts.values())
        preds.append(next(label for label in labels if counts[label] == top))
    return np.array(preds)

