# mistake: optimises the stacked vector theta = [w, b] (penalising only w) but returns b as theta[-1:], an array of shape (1,) instead of a float
# caught-by: fit is optimal (small problem)
import numpy as np


def soft_threshold(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def fit_logistic_l1(X, y, *, l1, l2=0.0, max_iter=5000):
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])  # (n, d+1): the bias is the last coordinate
    lr = 1.0 / (np.linalg.norm(Xb, 2) ** 2 / (4 * n) + l2)
    theta = np.zeros(d + 1)
    for _ in range(max_iter):
        r = 0.5 * (1.0 + np.tanh(0.5 * (Xb @ theta))) - y
        grad = Xb.T @ r / n
        grad[:d] += l2 * theta[:d]
        step = theta - lr * grad
        step[:d] = soft_threshold(step[:d], lr * l1)
        if np.max(np.abs(step - theta)) < 1e-12:
            theta = step
            break
        theta = step
    return theta[:d], theta[-1:]
