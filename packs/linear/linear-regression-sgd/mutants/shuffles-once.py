# mistake: draws one permutation before the epochs and reuses it, so every epoch visits the rows in the same order
# caught-by: a fresh permutation every epoch
import numpy as np


def mse_loss_and_grad(w, b, X, y):
    r = X @ w + b - y
    return float(np.mean(r**2)), 2 * X.T @ r / len(y), float(2 * np.mean(r))


def sgd_linear_regression(X, y, *, lr=0.01, batch_size=32, epochs=50, shuffle=True, seed=0):
    n, d = X.shape
    rng = np.random.default_rng(seed)
    order = rng.permutation(n) if shuffle else np.arange(n)  # drawn once, reused every epoch
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            _, gw, gb = mse_loss_and_grad(w, b, X[idx], y[idx])
            w, b = w - lr * gw, b - lr * gb
    return w, b
