import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference

suite = Suite()

TOL = 1e-6


# ------------------------------------------------------------------- soft_threshold
def _soft_cases(rng):
    return [
        Case.of(np.array([1.0, -1.0, 0.5, -0.5, 0.0]), 0.5, label="entries exactly at +-t"),
        Case.of(rng.normal(size=7), 0.0, label="t = 0 changes nothing"),
        Case.of(rng.normal(size=6), 100.0, label="t larger than every entry"),
        Case.of(rng.normal(size=(3, 4)) * 2, 0.7, label="a 2-D array"),
        Case.of(np.array([1e300, -1e300, 3e-310]), 1e-300, label="extreme magnitudes"),
    ]


suite.add(
    same_as_reference(
        "soft_threshold",
        _soft_cases,
        name="soft_threshold edge cases",
        rtol=0,
        atol=0,
        mistakes={
            "hard thresholding: large entries are kept as they are instead of shrunk": (
                lambda v, t: np.where(np.abs(v) > t, v, 0.0)
            ),
            "negative entries are clipped to 0 (max(v - t, 0) only handles v > 0)": (
                lambda v, t: np.maximum(v - t, 0.0)
            ),
        },
        hint="shrink every entry's magnitude by t, keep its sign and shape, stop at zero",
    )
)


# ------------------------------------------------------------------------ the fit
def _dataset(rng, n, d, active, *, shift=0.3):
    """Standardised features; only the first `active` features carry signal."""
    while True:
        X = rng.normal(size=(n, d))
        w_true = np.r_[
            rng.choice([-1.0, 1.0], active) * rng.uniform(1, 2, active), np.zeros(d - active)
        ]
        p = 0.5 * (1.0 + np.tanh(0.5 * (X @ w_true + shift)))
        y = (rng.random(n) < p).astype(float)
        if 0 < y.sum() < n:
            return X, y


def _smooth_grad(w, b, X, y, l2):
    r = 0.5 * (1.0 + np.tanh(0.5 * (X @ w + b))) - y
    return X.T @ r / len(y) + l2 * w, float(np.mean(r))


def _fit(t, X, y, l1, l2, inputs):
    """Call the submission and return (w, b) as float arrays, failing clearly on bad output."""
    out = t.sub.fit_logistic_l1(X, y, l1=l1, l2=l2)
    compare.is_true(
        isinstance(out, tuple | list) and len(out) == 2,
        f"expected (w, b), got {compare.short(out)}",
        inputs=inputs,
    )
    d = X.shape[1]
    w = compare.as_array(out[0], "w", inputs).astype(float)
    b = compare.as_array(out[1], "b", inputs).astype(float)
    compare.is_true(w.shape == (d,), f"w must have shape ({d},), got {w.shape}", inputs=inputs)
    compare.is_true(
        b.ndim == 0,
        f"b must be one number (a float), got an array of shape {b.shape}",
        inputs=inputs,
        hint="likely mistake: b was sliced out of a stacked vector (theta[-1:]) and is an "
        "array of shape (1,), not a float",
    )
    b = float(b.reshape(()))
    if not (np.isfinite(w).all() and np.isfinite(b)):
        t.fail(
            f"the fit returned NaN or inf\n  input: {inputs}",
            hint="likely mistake: a step size too large for this data",
        )
    return w, b


def _should_be_zero(w, g, l1):
    """Nonzero weights whose gradient sits strictly inside [-l1, l1]: the optimum has 0."""
    return (w != 0) & (np.abs(g) < l1 - 1e-4) & (np.abs(w) < 0.05)


def _diagnose(w, b, g, grad_b, l1, l2):
    """Name the usual reasons a point fails the optimality conditions."""
    nz = w != 0
    if nz.sum() >= 2:
        implied = -g[nz] * np.sign(w[nz])  # equals l1 at an optimum
        c = float(np.median(implied))
        if (
            np.allclose(implied, c, rtol=1e-4, atol=1e-8)
            and abs(c - l1) > 1e-3 * l1
            and np.all(np.abs(g[~nz]) <= c + TOL)
            and abs(grad_b) <= TOL
        ):
            return (
                f"(w, b) is optimal for l1 = {c:.4g}, not for l1 = {l1:g}: the threshold "
                "of the proximal step must be the step size times l1"
            )
    stray = _should_be_zero(w, g, l1)
    if stray.any():
        j = int(np.argmax(stray))
        return (
            f"w[{j}] = {w[j]:.2g} where the optimum has exactly 0: steps that subtract "
            "l1 * sign(w) (subgradient steps) hover around 0 and never land on it"
        )
    w_ok = np.all(np.where(w != 0, np.abs(g + l1 * np.sign(w)), np.abs(g) - l1) <= TOL)
    if w_ok and (abs(grad_b + l1 * np.sign(b)) <= TOL or (b == 0 and abs(grad_b) <= l1)):
        return "the bias is soft-thresholded (L1-penalised) too; it must take plain gradient steps"
    if w_ok and l2 > 0 and abs(grad_b + l2 * b) <= TOL:
        return "the L2 term is applied to the bias too; the bias is not penalised"
    return (
        "not converged: too few iterations, or a step size too small for max_iter steps "
        "(or too large to settle)"
    )


def _check_optimal(t, X, y, l1, l2, label):
    n, d = X.shape
    inputs = f"{label}: {n} examples, {d} features, l1={l1:g}, l2={l2:g}"
    w, b = _fit(t, X, y, l1, l2, inputs)
    g, grad_b = _smooth_grad(w, b, X, y, l2)
    viol = np.where(w != 0, np.abs(g + l1 * np.sign(w)), np.maximum(np.abs(g) - l1, 0.0))
    worst = max(float(viol.max()), abs(grad_b))
    if worst <= TOL:
        return
    j = int(np.argmax(viol))
    where = (
        f"bias gradient {grad_b:.3g} (must be 0)"
        if abs(grad_b) >= viol[j]
        else f"w[{j}] = {w[j]:.6g} with smooth gradient {g[j]:.6g}"
    )
    t.fail(
        f"(w, b) is not the minimiser: the optimality conditions are violated by {worst:.3g} "
        f"(tolerance {TOL:g}); worst: {where}\n  your w: {np.round(w, 6).tolist()}, b: {b:.6g}"
        f"\n  input: {inputs}",
        hint=f"likely mistake: {_diagnose(w, b, g, grad_b, l1, l2)}",
    )


@suite.check(
    "fit is optimal (L1 only)",
    hint="a proximal step: gradient step on the smooth part, then soft-threshold w by "
    "step * l1; the bias only takes the gradient step",
)
def optimal_l1(t):
    for n, d, active, l1, label in [
        (200, 6, 3, 0.02, "a weak penalty"),
        (150, 8, 2, 0.05, "a sparse truth"),
        (60, 1, 1, 0.01, "one feature"),
    ]:
        X, y = _dataset(t.rng, n, d, active)
        _check_optimal(t, X, y, l1, 0.0, label)


@suite.check(
    "fit is optimal (L1 and L2)",
    hint="the L2 term is smooth: it belongs to the gradient step (or to the prox, "
    "done right), and never touches the bias",
)
def optimal_elastic(t):
    for n, d, active, l1, l2, label in [
        (200, 6, 3, 0.03, 0.1, "elastic net"),
        (120, 4, 2, 0.0, 0.5, "l1 = 0: plain L2"),
    ]:
        X, y = _dataset(t.rng, n, d, active)
        _check_optimal(t, X, y, l1, l2, label)


@suite.check(
    "weights the penalty removes are exactly 0.0",
    hint="an L1 solution is sparse: the zeros must be exact, not 1e-9",
)
def exact_zeros(t):
    X, y = _dataset(t.rng, 150, 8, 2)
    l1 = 0.04
    inputs = "150 examples, 8 features (2 informative), l1=0.04"
    w, b = _fit(t, X, y, l1, 0.0, inputs)
    g, grad_b = _smooth_grad(w, b, X, y, 0.0)
    stray = _should_be_zero(w, g, l1)
    compare.is_true(
        not stray.any(),
        f"w = {np.round(w, 6).tolist()}: the entries at {np.flatnonzero(stray).tolist()} have "
        f"|gradient| < l1, so the optimum sets them to exactly 0.0",
        inputs=inputs,
        hint=f"likely mistake: {_diagnose(w, b, g, grad_b, l1, 0.0)}",
    )
    _check_optimal(t, X, y, l1, 0.0, "a sparse truth, a strong penalty")


@suite.check(
    "a large enough l1 zeroes every weight",
    hint="at w = 0 the best bias gives the base rate; when is w = 0 optimal?",
)
def lambda_max(t):
    X, y = _dataset(t.rng, 100, 4, 2)
    lam = float(np.max(np.abs(X.T @ (y.mean() - y))) / len(y))  # smallest l1 with w = 0
    w, b = _fit(t, X, y, 1.05 * lam, 0.0, f"l1 = {1.05 * lam:.4g}, 5% above that level")
    compare.is_true(
        bool(np.all(w == 0.0)),
        f"with l1 = {1.05 * lam:.4g} (5% above max_j |X[:, j] . (mean(y) - y)| / n) the "
        f"optimum is w = 0 exactly; got w = {w.tolist()}",
        inputs="100 examples, 4 features",
    )
    base = float(np.log(y.mean() / (1 - y.mean())))
    compare.close(
        b,
        base,
        what="b when every weight is 0 (the log-odds of the base rate)",
        inputs="100 examples, 4 features",
        rtol=1e-6,
        atol=1e-6,
    )
    w, b = _fit(t, X, y, 0.9 * lam, 0.0, f"l1 = {0.9 * lam:.4g}")
    compare.is_true(
        bool(np.any(w != 0.0)),
        f"with l1 = {0.9 * lam:.4g} (10% below that level) some weight must be nonzero; got w = 0",
        inputs="100 examples, 4 features",
    )
