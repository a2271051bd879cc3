# Library route: scipy's stable log-expit for the loss and L-BFGS for the fit.
import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log_expit


def logistic_loss_and_grad(w, b, X, y, l2):
    z = X @ w + b
    # -log p(y | x) = -(y log sigmoid(z) + (1 - y) log sigmoid(-z))
    nll = -(y * log_expit(z) + (1 - y) * log_expit(-z))
    r = expit(z) - y
    return float(nll.mean() + l2 / 2 * w @ w), X.T @ r / len(y) + l2 * w, float(r.mean())


def fit_logistic_regression(X, y, *, l2=1.0, max_iter=1000):
    d = X.shape[1]

    def objective(theta):
        loss, gw, gb = logistic_loss_and_grad(theta[:d], theta[d], X, y, l2)
        return loss, np.append(gw, gb)

    res = minimize(
        objective,
        np.zeros(d + 1),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": 1e-10, "ftol": 1e-15},
    )
    return res.x[:d], float(res.x[d])
