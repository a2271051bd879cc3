import numpy as np

from mldrills.checks import Case, Suite, compare
from mldrills.checks.numeric import gradient_check, stable_at_extremes

suite = Suite()


def _loss(w, b, X, y, l2, *, l2_b=0.0, half=0.5, mean=True):
    """The objective with knobs for the usual mistakes (stable, float64)."""
    z = X @ w + b
    data = np.logaddexp(0.0, z) - y * z
    return float((data.mean() if mean else data.sum()) + half * l2 * (w @ w) + 0.5 * l2_b * b * b)


def _optimum(X, y, l2, *, l2_b=0.0):
    """Minimiser of the objective by damped Newton steps (exact to ~1e-12 here)."""
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])  # (n, d+1)
    reg = np.r_[np.full(d, l2), l2_b]
    theta = np.zeros(d + 1)
    for _ in range(100):
        z = Xb @ theta
        p = 0.5 * (1.0 + np.tanh(0.5 * z))  # sigmoid without overflow
        grad = Xb.T @ (p - y) / n + reg * theta
        if np.max(np.abs(grad)) < 1e-13:
            break
        hess = (Xb * (p * (1 - p))[:, None]).T @ Xb / n + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        obj = _loss(theta[:d], theta[d], X, y, l2, l2_b=l2_b)
        t = 1.0
        while t > 1e-8:
            new = theta - t * step
            if _loss(new[:d], new[d], X, y, l2, l2_b=l2_b) <= obj:
                break
            t /= 2
        theta = new
    return theta[:d], float(theta[d])


def _dataset(rng, n, d, *, shift=0.0, strength=1.5):
    """Standardised features, labels drawn from a logistic model (both classes present)."""
    while True:
        X = rng.normal(size=(n, d))
        w_true = rng.normal(size=d) * strength / np.sqrt(d)
        p = 0.5 * (1.0 + np.tanh(0.5 * (X @ w_true + shift)))
        y = (rng.random(n) < p).astype(float)
        if 0 < y.sum() < n:
            return X, y


# ----------------------------------------------------------------- loss and gradient
def _loss_cases(rng):
    cases = []
    for n, d, l2, label in [
        (1, 1, 0.0, "one example, one feature"),
        (25, 4, 0.0, "no penalty"),
        (25, 4, 0.3, "with a penalty"),
        (40, 3, 5.0, "a strong penalty"),
    ]:
        X = rng.normal(size=(n, d))
        y = rng.integers(0, 2, n).astype(float)
        cases.append(Case.of(rng.normal(size=d), float(rng.normal()), X, y, l2, label=label))
    X = rng.normal(size=(10, 2))
    cases.append(
        Case.of(rng.normal(size=2), 0.5, X, rng.integers(0, 2, 10), 0.2, label="integer labels")
    )
    return cases


def _loss_of(out):
    """The loss from (loss, grad_w, grad_b), as a 0-d array."""
    loss = out[0] if isinstance(out, tuple | list) and out else out
    arr = compare.as_array(loss, "loss")
    return arr.reshape(()) if arr.size == 1 else arr


_LOSS_MISTAKES = {
    "the bias is penalised too (l2/2 * b^2 added)": dict(l2_b=1.0),
    "the penalty is l2 * ||w||^2 instead of (l2/2) * ||w||^2": dict(half=1.0),
    "the data term is summed over examples instead of averaged": dict(mean=False),
    "the penalty is missing": dict(half=0.0),
}


@suite.check(
    "loss matches the definition",
    hint="mean over examples of the cross-entropy, plus a penalty on w only",
)
def loss_matches(t):
    for case in _loss_cases(t.rng):
        w, b, X, y, l2 = case.args
        got = _loss_of(t.sub.logistic_loss_and_grad(*case.args))
        knobs = {m: {**k, "l2_b": k.get("l2_b", 0.0) * l2} for m, k in _LOSS_MISTAKES.items()}
        compare.close(
            got,
            t.ref.logistic_loss_and_grad(*case.args)[0],
            what=f"loss ({case.label})",
            inputs=case.describe(),
            rtol=1e-8,
            atol=1e-12,
            diagnose={m: _loss(w, b, X, y, l2, **k) for m, k in knobs.items()},
        )


def _grad_cases(rng):
    cases = []
    for n, d, l2, label in [
        (1, 2, 0.0, "one example"),
        (15, 3, 0.0, "no penalty"),
        (15, 4, 0.7, "with a penalty"),
    ]:
        X = rng.normal(size=(n, d))
        y = rng.integers(0, 2, n).astype(float)
        cases.append(Case.of(rng.normal(size=d), float(rng.normal()), X, y, l2, label=label))
    return cases


def _data_part(g, case):
    """The gradient of the data term alone, from the gradient of the whole objective."""
    w, l2 = case.args[0], case.args[4]
    return g["w"] - l2 * w, g["b"]


suite.add(
    gradient_check(
        "logistic_loss_and_grad",
        _grad_cases,
        params={"w": 0, "b": 1},
        name="gradient agrees with finite differences",
        n_examples=lambda case: len(case.args[3]),
        mistakes={
            "the bias is being regularised in the gradient (l2 * b added to grad_b)": (
                lambda g, case: {"b": g["b"] + case.args[4] * case.args[1]}
            ),
            "the data gradient is summed over the examples instead of averaged": (
                lambda g, case: {
                    "w": len(case.args[3]) * _data_part(g, case)[0] + case.args[4] * case.args[0],
                    "b": len(case.args[3]) * g["b"],
                }
            ),
            "the data gradient has the wrong sign (y - p instead of p - y)": (
                lambda g, case: {
                    "w": -_data_part(g, case)[0] + case.args[4] * case.args[0],
                    "b": -g["b"],
                }
            ),
            "the penalty's gradient is 2 * l2 * w or (l2/2) * w instead of l2 * w": (
                lambda g, case: {"w": g["w"] + case.args[4] * case.args[0]}
            ),
        },
        hint="d/dz of log(1 + e^z) - y z is sigmoid(z) - y; average it, and remember which "
        "parameters the penalty touches",
    )
)


# ------------------------------------------------------------------ numerical stability
def _extreme_cases(rng):
    X = np.array([[1000.0], [-1000.0], [1000.0], [-1000.0]])
    y = np.array([1.0, 0.0, 0.0, 1.0])
    X2 = rng.normal(size=(30, 3)) * 300.0
    y2 = rng.integers(0, 2, 30).astype(float)
    return [
        Case.of(
            np.array([1.0]),
            0.0,
            X,
            y,
            0.0,
            label="scores +-1000, two right and two confidently wrong",
        ),
        Case.of(
            np.array([1.0, -2.0, 0.5]),
            40.0,
            X2,
            y2,
            0.1,
            label="scores in the hundreds, both signs",
        ),
    ]


def _naive(w, b, X, y, l2):
    with np.errstate(all="ignore"):
        p = 1.0 / (1.0 + np.exp(-(X @ w + b)))
        data = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(np.mean(data) + 0.5 * l2 * (w @ w))


def _clipped(w, b, X, y, l2):
    with np.errstate(over="ignore"):
        p = np.clip(1.0 / (1.0 + np.exp(-(X @ w + b))), 1e-15, 1 - 1e-15)
    data = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(np.mean(data) + 0.5 * l2 * (w @ w))


suite.add(
    stable_at_extremes(
        "logistic_loss_and_grad",
        _extreme_cases,
        name="finite, exact loss at scores of +-1000",
        select=_loss_of,
        what="loss",
        rtol=1e-9,
        mistakes={
            "log(sigmoid(z)) computed as written: sigmoid rounds to exactly 0 or 1 and the "
            "log gives -inf (0 * -inf is NaN)": lambda *a: (_naive(*a),),
            "probabilities clipped to [eps, 1 - eps]: finite, but a confidently wrong "
            "example then costs at most -log(eps) instead of its true loss": (
                lambda *a: (_clipped(*a),)
            ),
        },
        hint="rewrite -log sigmoid(z) so that exp is never taken of a large positive number",
    ),
    stable_at_extremes(
        "logistic_loss_and_grad",
        _extreme_cases,
        name="finite gradient at scores of +-1000",
        select=lambda out: np.r_[np.ravel(out[1]), np.ravel(out[2])],
        what="gradient (grad_w then grad_b)",
        hint="at extreme scores sigmoid saturates to 0 or 1 without NaN, and the gradient is "
        "the same average as anywhere else",
    ),
)


# ------------------------------------------------------------------------------- fit
def _check_fit(t, X, y, l2, label):
    n, d = X.shape
    inputs = f"{label}: {n} examples, {d} features, l2={l2}"
    out = t.sub.fit_logistic_regression(X, y, l2=l2)
    compare.is_true(
        isinstance(out, tuple | list) and len(out) == 2,
        f"expected (w, b), got {compare.short(out)}",
        inputs=inputs,
    )
    w = compare.as_array(out[0], "w", inputs).astype(float)
    b_arr = compare.as_array(out[1], "b", inputs).astype(float)
    compare.is_true(w.shape == (d,), f"w must have shape ({d},), got {w.shape}", inputs=inputs)
    compare.is_true(
        b_arr.ndim == 0,
        f"b must be one number (a float), got an array of shape {b_arr.shape}",
        inputs=inputs,
        hint="likely mistake: the bias was kept as an array (np.zeros(1)) instead of a float",
    )
    b = float(b_arr)
    if not (np.isfinite(w).all() and np.isfinite(b)):
        t.fail(
            f"the fit returned NaN or inf: the iterates diverged\n  input: {inputs}",
            hint="likely mistake: a learning rate too large for this data (the loss "
            "must go down at every step)",
        )
    w_opt, b_opt = _optimum(X, y, l2)
    best = _loss(w_opt, b_opt, X, y, l2)
    got = _loss(w, b, X, y, l2)
    start = _loss(np.zeros(d), 0.0, X, y, l2)
    _, grad_w, grad_b = t.ref.logistic_loss_and_grad(w, b, X, y, l2)
    worst = max(float(np.max(np.abs(grad_w))), abs(grad_b))
    if worst <= 1e-6 and got - best <= 1e-9:
        return
    variants = {
        "the penalty l2 is ignored by the fit": _optimum(X, y, 0.0),
        "the bias is regularised in the fit": _optimum(X, y, l2, l2_b=l2),
        "the penalty is doubled (l2 * ||w||^2)": _optimum(X, y, 2 * l2),
    }
    named = next(
        (
            m
            for m, (wv, bv) in variants.items()
            if np.allclose(np.r_[w, b], np.r_[wv, bv], atol=1e-4)
        ),
        None,
    )
    if named is None and got > start:
        named = (
            "the iterates went uphill: a learning rate too large (or a sign error in the update)"
        )
    if named is None:
        named = (
            "stopped before converging: too few iterations for the step size used "
            "(a fixed small learning rate needs far more than max_iter steps)"
        )
    t.fail(
        f"(w, b) is not the minimiser: objective {got:.10g} at your point vs {best:.10g} at "
        f"the optimum (gap {got - best:.2g}, must be <= 1e-9); largest gradient entry "
        f"{worst:.2g} (must be <= 1e-6). The objective at w = 0, b = 0 is {start:.6g}."
        f"\n  input: {inputs}",
        hint=f"likely mistake: {named}",
    )


@suite.check(
    "fit reaches the optimum", hint="measure convergence by the gradient at the returned point"
)
def fit_reaches_optimum(t):
    for n, d, l2, shift, label in [
        (200, 4, 1.0, 0.0, "the default penalty"),
        (150, 3, 0.01, 0.0, "a weak penalty"),
        (120, 3, 0.1, 1.5, "imbalanced classes"),
        (30, 1, 0.1, 0.0, "one feature"),
    ]:
        X, y = _dataset(t.rng, n, d, shift=shift)
        _check_fit(t, X, y, l2, label)


@suite.check(
    "fit with the default penalty",
    hint="called without keywords, the fit uses l2=1.0 (if 'fit reaches the optimum' "
    "fails too, fix that first)",
)
def fit_defaults(t):
    X, y = _dataset(t.rng, 80, 2)
    out = t.sub.fit_logistic_regression(X, y)
    w_opt, b_opt = _optimum(X, y, 1.0)
    compare.close(
        np.r_[compare.as_array(out[0], "w"), np.ravel(compare.as_array(out[1], "b"))],
        np.r_[w_opt, b_opt],
        what="(w, b) with the default l2=1.0",
        inputs="80 examples, 2 features, no keywords",
        rtol=1e-4,
        atol=1e-5,
    )


@suite.check(
    "inputs are left unchanged",
    hint="recode labels or rescale features in a copy, never in the caller's arrays",
)
def inputs_unchanged(t):
    X, y = _dataset(t.rng, 40, 2)
    w = t.rng.normal(size=2)
    inputs = "40 examples, 2 features, l2=0.1"
    rX, ry, rw = t.remote(X), t.remote(y), t.remote(w)
    t.sub.logistic_loss_and_grad(rw, 0.3, rX, ry, 0.1)
    t.sub.fit_logistic_regression(rX, ry, l2=0.1)
    for name, remote, original in (("X", rX, X), ("y", ry, y), ("w", rw, w)):
        compare.close(
            remote._get(), original, what=f"{name} after the calls", rtol=0, atol=0, inputs=inputs
        )
