# mistake: recodes the labels to -1/+1 in the caller's y (y[y == 0] = -1) to use the log(1 + e^(-y z)) form
# caught-by: inputs are left unchanged
import numpy as np


def logistic_loss_and_grad(w, b, X, y, l2):
    n = X.shape[0]
    y[y == 0] = -1  # writes into the caller's array
    z = X @ w + b
    loss = np.mean(np.logaddexp(0.0, -y * z)) + 0.5 * l2 * (w @ w)
    s = -y * 0.5 * (1.0 - np.tanh(0.5 * y * z))  # d/dz log(1 + e^(-yz)) = -y sigmoid(-yz)
    return float(loss), X.T @ s / n + l2 * w, float(np.mean(s))


def fit_logistic_regression(X, y, *, l2=1.0, max_iter=1000):
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    lr = 1.0 / (np.linalg.norm(Xb, 2) ** 2 / (4 * n) + l2)
    w, b = np.zeros(d), 0.0
    for _ in range(max_iter):
        _, gw, gb = logistic_loss_and_grad(w, b, X, y, l2)
        w, b = w - lr * gw, b - lr * gb
    return w, float(b)
