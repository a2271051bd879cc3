# FISTA (Nesterov momentum, restarted when it stops helping), and the L2 term handled
# inside the proximal map: prox of t*(l1*|w| + l2/2*w^2) is soft_threshold(v, t*l1) / (1 + t*l2).
import numpy as np


def soft_threshold(v, t):
    return np.clip(v - t, 0.0, None) - np.clip(-v - t, 0.0, None)


def fit_logistic_l1(X, y, *, l1, l2=0.0, max_iter=5000):
    n, d = X.shape
    step = 4 * n / np.linalg.norm(np.c_[X, np.ones(n)], 2) ** 2  # 1/L of the cross-entropy
    theta = np.zeros(d + 1)  # [w, b]
    look, momentum = theta.copy(), 1.0
    for _ in range(max_iter):
        r = 0.5 * (1 + np.tanh(0.5 * (X @ look[:d] + look[d]))) - y
        grad = np.r_[X.T @ r / n, r.mean()]
        nxt = look - step * grad
        nxt[:d] = soft_threshold(nxt[:d], step * l1) / (1 + step * l2)
        if np.max(np.abs(nxt - theta)) < 1e-13:
            theta = nxt
            break
        if (look - nxt) @ (nxt - theta) > 0:  # momentum points uphill: restart it
            momentum = 1.0
        t_next = (1 + np.sqrt(1 + 4 * momentum**2)) / 2
        look = nxt + (momentum - 1) / t_next * (nxt - theta)
        theta, momentum = nxt, t_next
    return theta[:d], float(theta[d])
