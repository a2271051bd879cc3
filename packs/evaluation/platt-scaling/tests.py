import numpy as np

from mldrills.checks import Case, Suite, same_as_reference

suite = Suite()


def _fit(s, t, intercept=True):
    """Newton's method for sigmoid(a*s + b) against targets t (b fixed at 0 without intercept)."""
    X = np.stack([s, np.ones_like(s)], axis=1)[:, : 2 if intercept else 1]  # (n, 2) or (n, 1)
    w = np.zeros(X.shape[1])
    for _ in range(200):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -500, 500)))
        g = X.T @ (p - t)
        H = X.T @ (X * (p * (1 - p))[:, None]) + 1e-9 * np.eye(X.shape[1])
        w = w - np.linalg.solve(H, g)
    return float(w[0]), float(w[1]) if intercept else 0.0


def _targets(y):
    y = np.asarray(y).astype(bool)
    return np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))


MISTAKES = {
    "fitted the raw 0/1 labels: Platt's method fits the smoothed targets "
    "(N+ + 1)/(N+ + 2) and 1/(N- + 2)": lambda s, y: _fit(np.asarray(s, float), np.asarray(y, float)),
    "signs flipped: that is Platt's (A, B) for 1/(1 + exp(A s + B)); return a = -A, b = -B":
        lambda s, y: tuple(-v for v in _fit(np.asarray(s, float), _targets(y))),
    "no intercept: fit b as well as a": lambda s, y: _fit(np.asarray(s, float), _targets(y), False),
}

suite.add(
    same_as_reference(
        "fit_platt",
        [
            Case.of(np.array([-2.0, -1.2, -0.5, -0.1, 0.3, 0.8, 1.5, 2.4]),
                    np.array([0, 0, 1, 0, 0, 1, 1, 1]), label="the statement's example"),
            Case.of(np.array([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5]), np.array([0, 0, 1, 0, 1, 1, 1]),
                    label="positive scores only, 4 positives and 3 negatives"),
        ],
        name="examples from the statement",
        rtol=1e-4,
        atol=1e-6,
        hint="minimise the cross-entropy against Platt's smoothed targets, not the raw labels",
        mistakes=MISTAKES,
    )
)
