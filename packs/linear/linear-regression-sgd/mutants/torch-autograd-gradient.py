# mistake: lets torch's autograd differentiate the loss instead of deriving the gradient, which the statement rules out (no ML library)
# caught-by: uses only allowed libraries
import numpy as np
import torch


def mse_loss_and_grad(w, b, X, y):
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    loss = ((torch.from_numpy(X) @ wt + bt - torch.from_numpy(y)) ** 2).mean()
    loss.backward()
    return loss.item(), wt.grad.numpy(), bt.grad.item()


def sgd_linear_regression(X, y, *, lr=0.01, batch_size=32, epochs=50, shuffle=True, seed=0):
    n, d = X.shape
    rng = np.random.default_rng(seed)
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        order = rng.permutation(n) if shuffle else np.arange(n)
        for start in range(0, n, batch_size):
            idx = order[start : start + batch_size]
            _, gw, gb = mse_loss_and_grad(w, b, X[idx], y[idx])
            w, b = w - lr * gw, b - lr * gb
    return w, b
