# The batches as np.split of one index array that is reshuffled in place every epoch
# (each shuffle is a fresh uniform permutation), and the gradient written with einsum.
import numpy as np


def mse_loss_and_grad(w, b, X, y):
    r = np.einsum("md,d->m", X, w) + b - y  # (m,)
    m = len(y)
    return float(r @ r / m), 2.0 / m * np.einsum("md,m->d", X, r), float(2.0 / m * r.sum())


def sgd_linear_regression(X, y, *, lr=0.01, batch_size=32, epochs=50, shuffle=True, seed=0):
    n, d = X.shape
    rng = np.random.default_rng(seed)
    order = np.arange(n)
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        if shuffle:
            rng.shuffle(order)  # a new permutation of the previous one: uniform again
        for idx in np.split(order, np.arange(batch_size, n, batch_size)):
            _, gw, gb = mse_loss_and_grad(w, b, X[idx], y[idx])
            w, b = w - lr * gw, b - lr * gb
    return w, b
