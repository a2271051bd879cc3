# mistake: calls scikit-learn's LogisticRegression with its defaults: an L2 penalty (C=1) on the raw 0/1 labels
# caught-by: examples from the statement
import numpy as np
from sklearn.linear_model import LogisticRegression


def fit_platt(scores, y):
    s = np.asarray(scores, dtype=float)[:, None]  # (n, 1)
    model = LogisticRegression().fit(s, np.asarray(y).astype(int))
    return float(model.coef_[0, 0]), float(model.intercept_[0])
