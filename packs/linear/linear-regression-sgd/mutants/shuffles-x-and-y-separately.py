# mistake: shuffles X and y with two different permutations, so rows lose their labels
# caught-by: shuffled SGD converges on noiseless data
import numpy as np


def mse_loss_and_grad(w, b, X, y):
    r = X @ w + b - y
    return float(np.mean(r**2)), 2 * X.T @ r / len(y), float(2 * np.mean(r))


def sgd_linear_regression(X, y, *, lr=0.01, batch_size=32, epochs=50, shuffle=True, seed=0):
    n, d = X.shape
    rng = np.random.default_rng(seed)
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        Xs = X[rng.permutation(n)] if shuffle else X
        ys = y[rng.permutation(n)] if shuffle else y
        for start in range(0, n, batch_size):
            _, gw, gb = mse_loss_and_grad(w, b, Xs[start:start + batch_size], ys[start:start + batch_size])
            w, b = w - lr * gw, b - lr * gb
    return w, b
