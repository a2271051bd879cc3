# Another formulation: w = u - v with u, v >= 0 turns the L1 term into a linear one, and
# scipy's bound-constrained L-BFGS-B solves the smooth problem; zeros sit on the bounds.
import numpy as np
from scipy.optimize import minimize


def soft_threshold(v, t):
    return np.sign(v) * np.maximum(np.abs(v) - t, 0.0)


def fit_logistic_l1(X, y, *, l1, l2=0.0, max_iter=5000):
    n, d = X.shape

    def f(theta):
        u, v, b = theta[:d], theta[d : 2 * d], theta[-1]
        w = u - v
        z = X @ w + b
        r = 0.5 * (1 + np.tanh(0.5 * z)) - y
        loss = np.mean(np.logaddexp(0, z) - y * z) + l1 * (u.sum() + v.sum()) + l2 / 2 * w @ w
        gw = X.T @ r / n + l2 * w
        return loss, np.r_[gw + l1, -gw + l1, r.mean()]

    bounds = [(0, None)] * (2 * d) + [(None, None)]
    res = minimize(
        f,
        np.zeros(2 * d + 1),
        jac=True,
        method="L-BFGS-B",
        bounds=bounds,
        options={"maxiter": max_iter, "ftol": 1e-16, "gtol": 1e-10},
    )
    return res.x[:d] - res.x[d : 2 * d], float(res.x[-1])
