# mistake: sorts (distance, label) pairs, so equal distances are ordered by label instead of by training index
# caught-by: distance ties: lower training index first
import numpy as np


def knn_predict(X_train, y_train, X_query, k):
    d2 = ((X_query[:, None, :] - X_train[None, :, :]) ** 2).sum(-1)
    nearest = [[j for _, _, j in sorted(zip(row, y_train, range(len(row))))[:k]] for row in d2]

    preds = []
    for row in nearest:
        labels = list(y_train[row])
        counts = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        top = max(counts.values())
        preds.append(next(label for label in labels if counts[label] == top))
    return np.array(preds)

