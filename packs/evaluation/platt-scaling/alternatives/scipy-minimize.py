# Hand the convex objective and its gradient to a quasi-Newton optimiser, on
# standardised scores (then map the answer back), so its tolerances are scale-free.
import numpy as np
from scipy.optimize import minimize


def fit_platt(scores, y):
    """BFGS on the cross-entropy against Platt's targets."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(y).astype(bool)
    t = np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))
    mu, sd = s.mean(), s.std()
    u = (s - mu) / sd  # fit sigmoid(c*u + d), then a = c/sd, b = d - c*mu/sd

    def loss_and_grad(w):
        z = w[0] * u + w[1]
        p = np.exp(-np.logaddexp(0.0, -z))
        loss = np.mean(np.logaddexp(0.0, z) - t * z)
        return loss, np.array([np.mean((p - t) * u), np.mean(p - t)])

    res = minimize(loss_and_grad, np.zeros(2), jac=True, method="BFGS", options={"gtol": 1e-12})
    c, d = res.x
    return float(c / sd), float(d - c * mu / sd)
