import numpy as np


def knn_predict(
    X_train: np.ndarray, y_train: np.ndarray, X_query: np.ndarray, k: int
) -> np.ndarray:
    """Label each query row by a majority vote of its k nearest training rows."""
    # Squared Euclidean distances ranked like the distances themselves; computed from
    # differences (not the |a|^2 - 2ab + |b|^2 expansion) so that ties stay exact.
    diff = X_query[:, None, :] - X_train[None, :, :]  # (m, n, d)
    dist2 = np.einsum("mnd,mnd->mn", diff, diff)  # (m, n)
    k = min(k, X_train.shape[0])
    nearest = np.argsort(dist2, axis=1, kind="stable")[:, :k]  # (m, k) ties: lower index first
    preds = np.empty(X_query.shape[0], dtype=y_train.dtype)
    for i, row in enumerate(nearest):
        labels = y_train[row]  # (k,) nearest first
        values, first_seen, counts = np.unique(labels, return_index=True, return_counts=True)
        tied = counts == counts.max()
        preds[i] = values[tied][np.argmin(first_seen[tied])]  # vote tie: nearest one wins
    return preds
