import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()

V_EX = np.array([3.0, -0.5, 0.2, -2.0, 1.0])

suite.add(
    same_as_reference(
        "soft_threshold",
        [Case.of(V_EX, 1.0, label="the example from the statement")],
        name="soft_threshold on the statement's example",
        rtol=0,
        atol=1e-15,
        mistakes={
            "hard thresholding: large entries are kept as they are instead of shrunk": (
                lambda v, t: np.where(np.abs(v) > t, v, 0.0)
            ),
            "negative entries are clipped to 0 (max(v - t, 0) only handles v > 0)": (
                lambda v, t: np.maximum(v - t, 0.0)
            ),
            "entries cross zero (v - t * sign(v) without stopping at 0)": (
                lambda v, t: v - t * np.sign(v)
            ),
        },
        hint="shrink the magnitude by t, keep the sign, and stop at zero",
    )
)


def _kkt(w, b, X, y, l1, l2):
    """Per-coordinate violation of the optimality conditions, and the bias gradient."""
    z = X @ w + b
    r = 0.5 * (1.0 + np.tanh(0.5 * z)) - y
    g = X.T @ r / len(y) + l2 * w
    viol = np.where(w != 0, np.abs(g + l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0.0))
    return viol, float(np.mean(r))


@suite.check(
    "fit is optimal (small problem)",
    hint="at the optimum every weight is either 0 with |gradient| <= l1, or nonzero "
    "with gradient = -l1 * sign(weight); the bias gradient is 0",
)
def fit_small(t):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(80, 3))
    y = (X @ np.array([2.0, 0.0, -1.0]) + rng.normal(size=80) > 0).astype(float)
    inputs = "80 examples, 3 features, l1=0.05"
    out = t.sub.fit_logistic_l1(X, y, l1=0.05)
    compare.is_true(
        isinstance(out, tuple | list) and len(out) == 2,
        f"expected (w, b), got {compare.short(out)}",
        inputs=inputs,
    )
    w = compare.as_array(out[0], "w", inputs).astype(float)
    b = compare.as_array(out[1], "b", inputs).astype(float)
    compare.is_true(
        w.shape == (3,) and b.ndim == 0,
        f"expected w of shape (3,) and one number b (a float), got shapes {w.shape} and {b.shape}",
        inputs=inputs,
        hint="likely mistake: b was sliced out of a stacked vector (theta[-1:]) and is an "
        "array of shape (1,), not a float",
    )
    viol, grad_b = _kkt(w, float(b.reshape(())), X, y, 0.05, 0.0)
    worst = max(float(viol.max()), abs(grad_b))
    compare.is_true(
        worst <= 1e-6,
        f"(w, b) = ({np.round(w, 6).tolist()}, {float(b.reshape(())):.6g}) violates "
        f"the optimality conditions by {worst:.3g} (tolerance 1e-6)",
        inputs=inputs,
    )
