import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference
from mldrills.checks.numeric import gradient_check

suite = Suite()

Z_EX = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0], [0.0, -1.0, 5.0]])
X_EX = np.array([[1.0, 0.5], [-1.0, 2.0], [0.0, -1.0], [2.0, 1.0]])
Y_EX = np.array([0, 2, 1, 2])
W_EX = np.array([[0.2, -0.1, 0.4], [0.0, 0.3, -0.2]])
B_EX = np.array([0.1, 0.0, -0.1])


def _softmax_axis0(Z):
    E = np.exp(Z)
    return E / E.sum(axis=0, keepdims=True)


suite.add(
    same_as_reference(
        "softmax",
        [Case.of(Z_EX, label="the example from the statement")],
        name="softmax on the statement's example",
        rtol=1e-9,
        atol=1e-12,
        mistakes={
            "normalised over the wrong axis (columns sum to 1, not rows)": _softmax_axis0,
            "exponentials not normalised": np.exp,
        },
        hint="each row is one example: its K probabilities sum to 1",
    )
)


@suite.check(
    "loss and gradient on the statement's example",
    hint="mean over examples of -log p(true class), plus (l2/2)||W||^2",
)
def example(t):
    case = Case.of(W_EX, B_EX, X_EX, Y_EX, 0.1)
    inputs = case.describe()
    got = t.sub.softmax_loss_and_grad(*case.args)
    compare.is_true(
        isinstance(got, tuple | list) and len(got) == 3,
        f"expected (loss, grad_W, grad_b), got {compare.short(got)}",
        inputs=inputs,
    )
    exp = t.ref.softmax_loss_and_grad(*case.args)
    for g, e, what in zip(got, exp, ("loss", "grad_W", "grad_b"), strict=True):
        g = compare.as_array(g, what, inputs)
        compare.close(
            g.reshape(()) if g.size == 1 and np.ndim(e) == 0 else g,
            e,
            what=what,
            inputs=inputs,
            rtol=1e-8,
            atol=1e-12,
        )


suite.add(
    gradient_check(
        "softmax_loss_and_grad",
        [Case.of(W_EX, B_EX, X_EX, Y_EX, 0.1, label="the example from the statement")],
        params={"W": 0, "b": 1},
        name="gradient agrees with finite differences (example)",
        n_examples=lambda case: len(case.args[3]),
        hint="dloss/dlogits is (P - Y) / n with Y one-hot; chain it through X @ W + b",
    )
)
