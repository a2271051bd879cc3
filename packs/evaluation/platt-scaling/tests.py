import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()


def _kind(value):
    """How a returned item looks, for the message: its type, and its shape if it has one."""
    shape = getattr(value, "shape", None)
    return f"{type(value).__name__} of shape {tuple(shape)}" if shape else type(value).__name__


@suite.check("returns two floats",
             hint="the statement asks for (a, b) as two plain numbers, not arrays or a model")
def two_floats(t):
    got = t.sub.fit_platt(np.array([-1.0, 0.0, 1.0, 2.0]), np.array([0, 1, 0, 1]))
    ok = isinstance(got, tuple | list) and len(got) == 2
    scalars = ok and all(isinstance(v, float | int | np.floating | np.integer)
                         and not isinstance(v, bool) for v in got)
    kinds = ", ".join(_kind(v) for v in got) if ok else _kind(got)
    compare.is_true(scalars, f"fit_platt returned ({kinds}); expected a tuple of two floats (a, b)",
                    inputs="scores=[-1, 0, 1, 2], y=[0, 1, 0, 1]")


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


def _sklearn_default(s, y):
    """LogisticRegression's defaults: L2 penalty with C=1 on the raw labels (lbfgs, by Newton here)."""
    X = np.stack([np.asarray(s, float), np.ones(len(s))], axis=1)
    w, t = np.zeros(2), np.asarray(y, float)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(X @ w, -500, 500)))
        g = X.T @ (p - t) + np.r_[w[0], 0.0]  # the penalty leaves the intercept alone
        H = X.T @ (X * (p * (1 - p))[:, None]) + np.diag([1.0, 1e-12])
        w = w - np.linalg.solve(H, g)
    return float(w[0]), float(w[1])


def _targets(y):
    y = np.asarray(y).astype(bool)
    return np.where(y, (y.sum() + 1) / (y.sum() + 2), 1 / ((~y).sum() + 2))


MISTAKES = {
    "fitted the raw 0/1 labels: Platt's method fits the smoothed targets "
    "(N+ + 1)/(N+ + 2) and 1/(N- + 2)": lambda s, y: _fit(np.asarray(s, float), np.asarray(y, float)),
    "signs flipped: that is Platt's (A, B) for 1/(1 + exp(A s + B)); return a = -A, b = -B":
        lambda s, y: tuple(-v for v in _fit(np.asarray(s, float), _targets(y))),
    "no intercept: fit b as well as a": lambda s, y: _fit(np.asarray(s, float), _targets(y), False),
    "scikit-learn's LogisticRegression with its default L2 penalty (C=1) on the raw labels: "
    "Platt's fit has no penalty and uses the smoothed targets": _sklearn_default,
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
