# mistake: keeps the bias as a one-element array (np.zeros(1)), so b comes back with shape (1,) instead of a float
# caught-by: one epoch without shuffling, batch by batch
import numpy as np


def mse_loss_and_grad(w, b, X, y):
    r = X @ w + b - y
    return float(np.mean(r**2)), 2 * X.T @ r / len(y), float(2 * np.mean(r))


def sgd_linear_regression(X, y, *, lr=0.01, batch_size=32, epochs=50, shuffle=True, seed=0):
    n, d = X.shape
    rng = np.random.default_rng(seed)
    w, b = np.zeros(d), np.zeros(1)
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            _, gw, gb = mse_loss_and_grad(w, b, X[idx], y[idx])
            w, b = w - lr * gw, b - lr * gb
    return w, b
