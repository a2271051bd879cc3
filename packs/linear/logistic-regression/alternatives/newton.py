# Another formula for the stable loss (max(z, 0) + log1p(e^-|z|)) and another optimiser:
# Newton's method on the augmented parameter vector [w, b], which converges in a few steps.
import numpy as np


def logistic_loss_and_grad(w, b, X, y, l2):
    n = X.shape[0]
    z = X @ w + b  # (n,)
    softplus = np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))  # log(1 + e^z)
    loss = softplus.mean() - (y * z).mean() + 0.5 * l2 * np.sum(w**2)
    p = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid via tanh: no overflow either way
    return float(loss), X.T @ (p - y) / n + l2 * w, float(np.mean(p - y))


def fit_logistic_regression(X, y, *, l2=1.0, max_iter=1000):
    n, d = X.shape
    Xb = np.column_stack([X, np.ones(n)])  # (n, d+1); last column carries the bias
    penalty = np.diag(np.r_[np.full(d, l2), 0.0])  # the bias is not penalised
    theta = np.zeros(d + 1)
    for _ in range(max_iter):
        loss, gw, gb = logistic_loss_and_grad(theta[:d], theta[d], X, y, l2)
        grad = np.r_[gw, gb]
        if np.abs(grad).max() < 1e-12:
            break
        p = 0.5 * (1.0 + np.tanh(0.5 * (Xb @ theta)))
        hess = Xb.T @ (Xb * (p * (1 - p))[:, None]) / n + penalty
        step = np.linalg.solve(hess, grad)
        t = 1.0  # backtracking keeps Newton safe far from the optimum
        while (
            logistic_loss_and_grad(theta[:d] - t * step[:d], theta[d] - t * step[d], X, y, l2)[0]
            > loss
            and t > 1e-10
        ):
            t *= 0.5
        theta = theta - t * step
    return theta[:d], float(theta[d])
