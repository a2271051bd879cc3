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
        problem = f"{what} must have shape {shape}, got {arr.shape}"
        if sorted(arr.shape) == sorted(shape) and arr.shape != shape:
            problem += " (transposed?)"
        compare.is_true(arr.shape == shape, problem, inputs=inputs)
    return C, v, Z


def _data(rng, n, scales, *, offset=0.0):
    """Rows with independent spreads `scales` along a random rotation of the axes."""
    d = len(scales)
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))  # a random orthonormal basis
    return (rng.normal(size=(n, d)) * scales) @ Q.T + offset


def _run(t, X, k, label):
    n, d = X.shape
    inputs = f"{label}: n={n}, d={d}, k={k}"
    return _decode(t.sub.pca(X, k), n, d, k, inputs), t.ref.pca(X, k), inputs


@suite.check(
    "components are orthonormal rows",
    hint="each component is a unit vector, orthogonal to the others",
)
def orthonormal(t):
    X = _data(t.rng, 40, [5.0, 3.0, 2.0, 1.0, 0.5])
    (C, _, _), _, inputs = _run(t, X, 3, "random data")
    compare.close(
        C @ C.T, np.eye(3), what="components @ components.T", inputs=inputs, rtol=0, atol=1e-9
    )


@suite.check(
    "the top-k subspace",
    hint="the directions are the right singular vectors (rows of Vt), not the left "
    "ones or the columns of Vt",
)
def subspace(t):
    X = _data(t.rng, 50, [6.0, 4.0, 2.5, 1.5, 0.7])
    for k in (1, 2, 3, 5):
        (C, _, _), (C_ref, _, _), inputs = _run(t, X, k, "random data")
        compare.close(
            C.T @ C,
            C_ref.T @ C_ref,
            what="projection onto your components (components.T @ components)",
            inputs=inputs,
            rtol=0,
            atol=1e-8,
        )


@suite.check(
    "sorted by decreasing variance",
    hint="component 0 explains the most variance; some decompositions return "
    "eigenvalues in ascending order",
)
def ordering(t):
    X = _data(t.rng, 60, [1.0, 5.0, 0.3, 2.5])
    (C, v, _), (C_ref, _, _), inputs = _run(t, X, 4, "spreads 1, 5, 0.3, 2.5")
    compare.is_true(
        bool(np.all(np.diff(v) <= 1e-12)),
        f"explained_variance = {np.round(v, 6).tolist()} is not in decreasing order",
        inputs=inputs,
    )
    compare.close(
        np.abs(np.sum(C * C_ref, axis=1)),
        np.ones(4),
        what="|component_j . expected component_j| for each j",
        inputs=inputs,
        rtol=0,
        atol=1e-8,
    )


@suite.check(
    "explained variance uses n - 1", hint="the sample variance of the scores along each component"
)
def variance(t):
    X = _data(t.rng, 30, [4.0, 2.0, 1.0])
    (_, v, _), (_, v_ref, _), inputs = _run(t, X, 2, "random data")
    S = np.sqrt(v_ref * (X.shape[0] - 1))
    compare.close(
        v,
        v_ref,
        what="explained_variance",
        inputs=inputs,
        rtol=1e-9,
        diagnose={
            "divided by n instead of n - 1": S**2 / X.shape[0],
            "the singular values themselves, not their squares / (n - 1)": S,
            "the squared singular values, not divided by n - 1": S**2,
        },
    )


@suite.check("data far from the origin", hint="PCA describes variation around the mean")
def centring(t):
    X = _data(t.rng, 40, [3.0, 1.0, 0.5], offset=np.array([100.0, -50.0, 20.0]))
    (C, v, _), (C_ref, v_ref, _), inputs = _run(t, X, 2, "data centred at (100, -50, 20)")
    uncentred = np.linalg.svd(X, full_matrices=False)
    compare.close(
        C.T @ C,
        C_ref.T @ C_ref,
        what="projection onto your components",
        inputs=inputs,
        rtol=0,
        atol=1e-8,
        diagnose={
            "the data is not centred, so the first direction points at the mean": uncentred[2][:2].T
            @ uncentred[2][:2]
        },
    )
    compare.close(v, v_ref, what="explained_variance", inputs=inputs, rtol=1e-9)


@suite.check(
    "scores are the centred data in the new basis",
    hint="Z holds the coordinates of each centred row along your components",
)
def scores(t):
    X = _data(t.rng, 25, [3.0, 2.0, 1.0, 0.5], offset=np.array([5.0, -3.0, 1.0, 8.0]))
    (C, _, Z), _, inputs = _run(t, X, 3, "data centred at (5, -3, 1, 8)")
    compare.close(
        Z,
        (X - X.mean(axis=0)) @ C.T,
        what="Z (against your own components)",
        inputs=inputs,
        rtol=1e-9,
        atol=1e-9,
        diagnose={"the scores project the raw data, not the centred data": X @ C.T},
    )


@suite.check(
    "fewer rows than columns",
    hint="a thin SVD works for any shape; n points span at most n - 1 directions",
)
def wide(t):
    X = _data(t.rng, 6, [5.0, 4.0, 3.0, 2.0, 1.5, 1.0, 0.8, 0.6, 0.4, 0.2])
    (C, v, Z), (C_ref, v_ref, _), inputs = _run(t, X, 4, "wide data")
    compare.close(
        C.T @ C,
        C_ref.T @ C_ref,
        what="projection onto your components",
        inputs=inputs,
        rtol=0,
        atol=1e-8,
    )
    compare.close(v, v_ref, what="explained_variance", inputs=inputs, rtol=1e-9)
    compare.close(Z, (X - X.mean(axis=0)) @ C.T, what="Z", inputs=inputs, rtol=1e-9, atol=1e-9)


@suite.check("input is left unchanged", hint="centre a copy, never the caller's array")
def unchanged(t):
    X = _data(t.rng, 12, [2.0, 1.0, 0.5], offset=3.0)
    remote = t.remote(X)
    t.sub.pca(remote, 2)
    compare.close(
        remote._get(),
        X,
        what="X after the call",
        rtol=0,
        atol=0,
        inputs="12 x 3 data centred at (3, 3, 3)",
    )
