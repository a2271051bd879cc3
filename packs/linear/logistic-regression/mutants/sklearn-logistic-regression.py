# mistake: fits with scikit-learn's LogisticRegression (C = 1 / (n * l2)), which the statement rules out: the model is to be written by hand
# caught-by: uses only allowed libraries
import numpy as np
from sklearn.linear_model import LogisticRegression


def logistic_loss_and_grad(w, b, X, y, l2):
    n = X.shape[0]
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * (w @ w)
    r = 0.5 * (1.0 + np.tanh(0.5 * z)) - y
    return float(loss), X.T @ r / n + l2 * w, float(np.mean(r))


def fit_logistic_regression(X, y, *, l2=1.0, max_iter=1000):
    clf = LogisticRegression(C=1.0 / (len(y) * l2), tol=1e-12, max_iter=max_iter)
    clf.fit(X, y)
    return clf.coef_[0], float(clf.intercept_[0])
