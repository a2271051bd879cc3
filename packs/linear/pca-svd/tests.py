import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()


def _decode(out, n, d, k, inputs):
    """(components, explained_variance, Z) as float arrays, with their shapes checked."""
    compare.is_true(
        isinstance(out, tuple | list) and len(out) == 3,
        f"expected (components, explained_variance, Z), got {compare.short(out)}",
        inputs=inputs,
    )
    C = compare.as_array(out[0], "components", inputs).astype(float)
    v = compare.as_array(out[1], "explained_variance", inputs).astype(float)
    Z = compare.as_array(out[2], "Z", inputs).astype(float)
    for arr, shape, what in (
        (C, (k, d), "components"),
        (v, (k,), "explained_variance"),
        (Z, (n, k), "Z"),
    ):
        compare.is_true(
            arr.shape == shape, f"{what} must have shape {shape}, got {arr.shape}", inputs=inputs
        )
    return C, v, Z


def _same_up_to_sign(C, C_ref, inputs):
    """Each row of C must be +-1 times the matching row of C_ref."""
    for j, (c, r) in enumerate(zip(C, C_ref, strict=True)):
        compare.is_true(
            abs(abs(float(c @ r)) - 1.0) <= 1e-8 and abs(float(c @ c) - 1.0) <= 1e-8,
            f"component {j} is {np.round(c, 6).tolist()}; expected +-{np.round(r, 6).tolist()} "
            "(a unit vector, either sign)",
            inputs=inputs,
        )


@suite.check(
    "the statement's example",
    hint="centre the columns, then the right singular vectors are the directions",
)
def example(t):
    X = np.array([[2.0, 0.0], [0.0, 1.0], [-2.0, 0.0], [0.0, -1.0], [4.0, 0.0], [-4.0, 0.0]])
    X = X + np.array([10.0, 5.0])
    inputs = "the 6 points of the statement, k=2"
    C, v, Z = _decode(t.sub.pca(X, 2), 6, 2, 2, inputs)
    _same_up_to_sign(C, np.eye(2), inputs)
    compare.close(
        v,
        [8.0, 0.4],
        what="explained_variance",
        inputs=inputs,
        rtol=1e-9,
        diagnose={
            "divided by n instead of n - 1": [8.0 * 5 / 6, 0.4 * 5 / 6],
            "the singular values themselves, not their squares / (n - 1)": np.sqrt([40.0, 2.0]),
        },
    )
    compare.close(
        Z,
        (X - X.mean(axis=0)) @ C.T,
        what="Z (with your components)",
        inputs=inputs,
        rtol=1e-9,
        atol=1e-9,
    )


@suite.check(
    "one component of correlated data",
    hint="the first direction is the one along which the centred data varies most",
)
def correlated(t):
    X = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 3.0]])
    inputs = "X = [[1, 1], [2, 2], [3, 3], [4, 3]], k=1"
    C, v, _ = _decode(t.sub.pca(X, 1), 4, 2, 1, inputs)
    C_ref, v_ref, _ = t.ref.pca(X, 1)
    _same_up_to_sign(C, C_ref, inputs)
    compare.close(v, v_ref, what="explained_variance", inputs=inputs, rtol=1e-9)
