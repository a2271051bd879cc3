# mistake: expands |a - b|^2 = |a|^2 - 2ab + |b|^2 and takes the square root without clipping: a point's distance to itself can come out slightly negative, hence NaN
# caught-by: queries that are training points
import numpy as np


def knn_predict(X_train, y_train, X_query, k):
    sq = (X_query**2).sum(1)[:, None] - 2 * X_query @ X_train.T + (X_train**2).sum(1)[None, :]
    with np.errstate(invalid="ignore"):
        dist = np.sqrt(sq)
    nearest = np.argsort(dist, axis=1, kind="stable")[:, :k]

    preds = []
    for row in nearest:
        labels = list(y_train[row])
        counts = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        top = max(counts.values())
        preds.append(next(label for label in labels if counts[label] == top))
    return np.array(preds)

