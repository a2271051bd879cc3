# A library trick: soft targets are a weighted pair of hard labels. Each sample appears
# once as a positive with weight t_i and once as a negative with weight 1 - t_i, and an
# unpenalised logistic regression on that doubled set has exactly Platt's objective.
import numpy as np
from sklearn.linear_model import LogisticRegression


def fit_platt(scores, y):
    """Unregularised weighted logistic regression on duplicated samples."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y).astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    X = np.r_[s, s][:, None]  # (2n, 1)
    labels = np.r_[np.ones(len(s)), np.zeros(len(s))]
    weights = np.r_[t, 1 - t]
    model = LogisticRegression(C=np.inf, solver="newton-cg", tol=1e-12, max_iter=1000)
    model.fit(X, labels, sample_weight=weights)
    return float(model.coef_[0, 0]), float(model.intercept_[0])
