import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

Y = np.array([1.0, 0.0, 1.0, 1.0, 0.0, 1.0])
LEAVES = np.array([0, 1, 0, 0, 1, 2])


def sigmoid(z):
    return 0.5 * (1 + np.tanh(z / 2))  # stable, and independent of the reference's form


def random_problem(rng, n=40, scale=2.0):
    y = (rng.random(n) < 0.4).astype(float)
    y[:2] = [0.0, 1.0]  # both classes
    return y, rng.normal(0, scale, n)


def check_grad_hess(t, y, margin, label):
    inputs = f"{label}: n={len(y)}, margins in [{margin.min():.3g}, {margin.max():.3g}]"
    got = t.sub.logistic_grad_hess(y, margin)
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2,
        f"expected (g, h), got {compare.short(got)}",
        inputs=inputs,
    )
    g, h = t.ref.logistic_grad_hess(y, margin)
    p = sigmoid(margin)
    compare.close(
        got[0],
        g,
        what="g",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={
            "sign flipped: g is p - y (the derivative of the loss, not of the likelihood)": y - p
        },
    )
    compare.close(
        got[1],
        h,
        what="h",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={
            "h = 1: that is the squared-error hessian, not the log loss's": np.ones_like(h),
            "h computed from the labels instead of p": y * (1 - y),
        },
    )


def check_round(t, y, margin, leaves, n_leaves, eta, lam, label):
    inputs = f"{label}: n={len(y)}, n_leaves={n_leaves}, eta={eta}, reg_lambda={lam}"
    got = t.sub.boosting_round(y, margin, leaves, n_leaves, eta, lam)
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 2,
        f"expected (new_margin, values), got {compare.short(got)}",
        inputs=inputs,
    )
    new_margin, values = t.ref.boosting_round(y, margin, leaves, n_leaves, eta, lam)
    raw = values / eta
    compare.close(
        got[1],
        values,
        what="values (leaf values)",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={
            "eta not applied to the leaf values": raw,
            "leaf value has the wrong sign: it is minus G / (H + lambda)": -values,
        },
    )
    compare.close(
        got[0],
        new_margin,
        what="new_margin",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={
            "the margins were replaced by the leaf values instead of being "
            "increased by them": values[leaves],
            "eta applied twice (the values already include it)": margin + eta * values[leaves],
        },
    )


@suite.check("logloss", hint="the mean over rows of -[y log p + (1 - y) log(1 - p)]")
def loss(t):
    y, margin = random_problem(t.rng)
    got = t.sub.logloss(y, margin)
    p = sigmoid(margin)
    compare.close(
        got,
        t.ref.logloss(y, margin),
        what="logloss",
        rtol=1e-9,
        atol=1e-12,
        inputs="40 random rows",
        diagnose={
            "summed over rows instead of averaged": -np.sum(
                y * np.log(p) + (1 - y) * np.log(1 - p)
            ),
            "log base 2 instead of the natural log": -np.mean(
                y * np.log2(p) + (1 - y) * np.log2(1 - p)
            ),
        },
    )


@suite.check(
    "gradient and hessian of the log loss",
    hint="differentiate the loss with respect to the margin, twice",
)
def grad_hess(t):
    y, margin = random_problem(t.rng)
    check_grad_hess(t, y, margin, "random margins")


@suite.check("initial margin", hint="the margin is a log-odds, not a probability")
def init(t):
    for y in (Y, (t.rng.random(50) < 0.2).astype(float)):
        y[0], y[1] = 1.0, 0.0
        rate = y.mean()
        compare.close(
            t.sub.initial_margin(y),
            t.ref.initial_margin(y),
            what="initial_margin",
            rtol=1e-9,
            atol=1e-12,
            inputs=f"{len(y)} labels, positive rate {rate:.4g}",
            diagnose={
                "returned the positive rate (a probability), not its log-odds": rate,
                "log of the rate, without dividing by 1 - rate": np.log(rate),
            },
        )


@suite.check(
    "one round: leaf values and new margins",
    hint="sum g and h per leaf, take -eta * G / (H + lambda), and add it to the margins",
)
def one_round(t):
    check_round(t, Y, np.full(6, np.log(2.0)), LEAVES, 4, 0.5, 1.0, "the statement's example")
    y, margin = random_problem(t.rng)
    check_round(t, y, margin, t.rng.integers(0, 5, len(y)), 5, 0.3, 2.0, "random rows")
