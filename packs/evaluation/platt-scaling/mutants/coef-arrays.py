# mistake: returns scikit-learn's coef_ and intercept_ arrays (shapes (1, 1) and (1,)) instead of two floats
# caught-by: returns two floats
import numpy as np
from sklearn.linear_model import LogisticRegression


def fit_platt(scores, y):
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y).astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    model = LogisticRegression(C=np.inf, solver="newton-cg", tol=1e-12, max_iter=1000)
    model.fit(np.r_[s, s][:, None], np.r_[np.ones(len(s)), np.zeros(len(s))],
              sample_weight=np.r_[t, 1 - t])
    return model.coef_, model.intercept_
