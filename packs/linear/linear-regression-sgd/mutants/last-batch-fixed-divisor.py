# mistake: divides every batch's summed gradient by batch_size, so the last, smaller batch gets a step that is too small
# caught-by: no shuffling: every update as specified
import numpy as np


def mse_loss_and_grad(w, b, X, y):
    r = X @ w + b - y
    return float(np.mean(r**2)), 2 * X.T @ r / len(y), float(2 * np.mean(r))


def sgd_linear_regression(X, y, *, lr=0.01, batch_size=32, epochs=50, shuffle=True, seed=0):
    n, d = X.shape
    rng = np.random.default_rng(seed)
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            r = X[idx] @ w + b - y[idx]
            w = w - lr * 2 * X[idx].T @ r / batch_size
            b = b - lr * 2 * np.sum(r) / batch_size
    return w, b
