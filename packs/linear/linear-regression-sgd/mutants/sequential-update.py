# mistake: updates w first and then computes the bias gradient from the new w (the two updates must use the same point)
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
            w = w - lr * mse_loss_and_grad(w, b, X[idx], y[idx])[1]
            b = b - lr * mse_loss_and_grad(w, b, X[idx], y[idx])[2]
    return w, b
