# mistake: loops over full batches only, silently skipping the rows of the last partial batch every epoch
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
        for i in range(max(n // batch_size, 1)):
            idx = order[i * batch_size:(i + 1) * batch_size]
            _, gw, gb = mse_loss_and_grad(w, b, X[idx], y[idx])
            w, b = w - lr * gw, b - lr * gb
    return w, b
