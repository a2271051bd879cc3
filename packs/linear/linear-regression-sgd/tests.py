import numpy as np

from mldrills.checks import Case, Suite, compare
from mldrills.checks.numeric import gradient_check

suite = Suite()

X_EX = np.array([[1.0, 2.0], [0.0, 1.0], [2.0, -1.0]])
Y_EX = np.array([3.0, 1.0, 0.5])
W_EX = np.array([0.5, 1.0])


def _num(value, what, inputs=None):
    """A returned number as a float: a float or a NumPy scalar, never an array of shape (1,)."""
    arr = compare.as_array(value, what, inputs)
    compare.is_true(
        arr.ndim == 0,
        f"{what} must be one number (a float), got an array of shape {arr.shape}",
        inputs=inputs,
        hint="likely mistake: the bias was kept as an array (np.zeros(1)) instead of a float",
    )
    return float(arr)


@suite.check(
    "loss and gradient on the statement's example",
    hint="mean of squared residuals; the derivative of r^2 is 2r",
)
def example(t):
    case = Case.of(W_EX, 0.25, X_EX, Y_EX)
    inputs = case.describe()
    got = t.sub.mse_loss_and_grad(*case.args)
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 3,
        f"expected (loss, grad_w, grad_b), got {compare.short(got)}",
        inputs=inputs,
    )
    loss, grad_w, grad_b = t.ref.mse_loss_and_grad(*case.args)
    compare.close(
        _num(got[0], "loss", inputs),
        loss,
        what="loss",
        inputs=inputs,
        diagnose={
            "the loss has a 1/2 in front (that is another convention)": loss / 2,
            "the squared residuals are summed, not averaged": loss * 3,
        },
    )
    compare.close(
        got[1],
        grad_w,
        what="grad_w",
        inputs=inputs,
        diagnose={
            "the factor 2 from differentiating the square is missing": grad_w / 2,
            "the gradient is summed over the batch, not averaged": grad_w * 3,
        },
    )
    compare.close(_num(got[2], "grad_b", inputs), grad_b, what="grad_b", inputs=inputs)


suite.add(
    gradient_check(
        "mse_loss_and_grad",
        [Case.of(W_EX, 0.25, X_EX, Y_EX, label="the example from the statement")],
        params={"w": 0, "b": 1},
        name="gradient agrees with finite differences (example)",
        n_examples=lambda case: len(case.args[3]),
        hint="differentiate the loss you return, not the one you remember",
    )
)


@suite.check(
    "one epoch without shuffling, batch by batch",
    hint="batches are consecutive rows; the last one may be smaller than batch_size",
)
def one_epoch(t):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, -1.0], [-1.0, 0.5]])
    y = np.array([1.0, 2.0, 2.5, 0.0, 1.0])
    kwargs = dict(lr=0.1, batch_size=2, epochs=1, shuffle=False)
    inputs = f"X={X.tolist()}, y={y.tolist()}, {kwargs}"
    w, b = t.sub.sgd_linear_regression(X, y, **kwargs)
    w_ref, b_ref = t.ref.sgd_linear_regression(X, y, **kwargs)
    compare.close(
        np.r_[np.ravel(w), _num(b, "b", inputs)],
        np.r_[w_ref, b_ref],
        what="(w, b) after 3 updates (batches of 2, 2 and 1 rows)",
        inputs=inputs,
        rtol=1e-10,
        atol=1e-12,
    )
