import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference
from mldrills.checks.numeric import gradient_check

suite = Suite()

X_EX = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -1.0]])
Y_EX = np.array([1.0, 0.0, 1.0])
W_EX = np.array([0.5, -0.25])


def _num(value, what, inputs=None):
    """A returned number as a float: a float or a NumPy scalar, never an array of shape (1,)."""
    arr = compare.as_array(value, what, inputs)
    compare.is_true(
        arr.ndim == 0,
        f"{what} must be one number (a float), got an array of shape {arr.shape}",
        inputs=inputs,
        hint="likely mistake: a scalar was kept as an array (np.zeros(1) or keepdims=True)",
    )
    return float(arr)


def _triple(got, expected, inputs):
    """Compare (loss, grad_w, grad_b) part by part so the message names the part."""
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 3,
        f"expected a tuple (loss, grad_w, grad_b), got {compare.short(got)}",
        inputs=inputs,
    )
    compare.close(
        _num(got[0], "loss", inputs), expected[0], what="loss", inputs=inputs, rtol=1e-7, atol=1e-10
    )
    compare.close(got[1], expected[1], what="grad_w", inputs=inputs, rtol=1e-7, atol=1e-10)
    compare.close(
        _num(got[2], "grad_b", inputs),
        expected[2],
        what="grad_b",
        inputs=inputs,
        rtol=1e-7,
        atol=1e-10,
    )


suite.add(
    same_as_reference(
        "logistic_loss_and_grad",
        [
            Case.of(np.zeros(2), 0.0, X_EX, Y_EX, 0.0, label="w = 0, b = 0: the loss is log 2"),
            Case.of(W_EX, 0.1, X_EX, Y_EX, 0.5, label="the example from the statement"),
        ],
        name="loss and gradient on the statement's example",
        compare_with=_triple,
        hint="loss: mean cross-entropy plus (l2/2)||w||^2; gradient: its exact derivative",
    ),
    gradient_check(
        "logistic_loss_and_grad",
        [Case.of(W_EX, 0.1, X_EX, Y_EX, 0.5, label="the example from the statement")],
        params={"w": 0, "b": 1},
        name="gradient agrees with finite differences (example)",
        n_examples=lambda case: len(case.args[3]),
        mistakes={
            "the bias is being regularised in the gradient (l2 * b added to grad_b)": (
                lambda g, case: {"b": g["b"] + case.args[4] * case.args[1]}
            ),
            "the data gradient is summed over the examples instead of averaged": (
                lambda g, case: {
                    "w": len(case.args[3]) * (g["w"] - case.args[4] * case.args[0])
                    + case.args[4] * case.args[0],
                    "b": len(case.args[3]) * g["b"],
                }
            ),
            "the data gradient has the wrong sign (y - p instead of p - y)": (
                lambda g, case: {"w": -g["w"] + 2 * case.args[4] * case.args[0], "b": -g["b"]}
            ),
        },
        hint="differentiate the loss you wrote, term by term, including the penalty",
    ),
)


@suite.check(
    "fit reaches the optimum (small problem)",
    hint="check the gradient at the point you return, not just the number of steps taken",
)
def fit_small(t):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(60, 2))
    y = (X @ np.array([1.5, -1.0]) + 0.3 + rng.normal(size=60) > 0).astype(float)
    inputs = "60 examples, 2 features, l2=0.1"
    out = t.sub.fit_logistic_regression(X, y, l2=0.1)
    compare.is_true(
        isinstance(out, tuple | list) and len(out) == 2,
        f"expected (w, b), got {compare.short(out)}",
        inputs=inputs,
    )
    w = compare.as_array(out[0], "w", inputs).astype(float)
    compare.is_true(w.shape == (2,), f"w must have shape (2,), got {w.shape}", inputs=inputs)
    _, grad_w, grad_b = t.ref.logistic_loss_and_grad(w, _num(out[1], "b", inputs), X, y, 0.1)
    worst = max(np.max(np.abs(grad_w)), abs(grad_b))
    compare.is_true(
        bool(np.isfinite(worst)) and worst <= 1e-6,
        f"the gradient at your (w, b) has an entry of size {worst:.3g} (needs <= 1e-6): "
        "this is not the minimum yet",
        inputs=inputs,
    )
