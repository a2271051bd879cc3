import numpy as np

from mldrills.checks import Case, Suite, compare, deterministic
from mldrills.checks.numeric import gradient_check

suite = Suite()


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


def _wb(out, d, inputs):
    """(w, b) returned by the fit, as one flat array [w..., b]."""
    compare.is_true(
        isinstance(out, tuple | list) and len(out) == 2,
        f"expected (w, b), got {compare.short(out)}",
        inputs=inputs,
    )
    w = compare.as_array(out[0], "w", inputs).astype(float)
    compare.is_true(w.shape == (d,), f"w must have shape ({d},), got {w.shape}", inputs=inputs)
    return np.r_[w, _num(out[1], "b", inputs)]


# ----------------------------------------------------------------- loss and gradient
def _loss_cases(rng):
    cases = []
    for m, d, scale, label in [
        (1, 1, 1.0, "one example"),
        (20, 4, 1.0, "a batch of 20"),
        (7, 3, 1e3, "large values"),
    ]:
        X = rng.normal(size=(m, d)) * scale
        cases.append(
            Case.of(
                rng.normal(size=d), float(rng.normal()), X, rng.normal(size=m) * scale, label=label
            )
        )
    return cases


@suite.check(
    "loss matches the definition", hint="the mean over the batch of the squared residual, no 1/2"
)
def loss_matches(t):
    for case in _loss_cases(t.rng):
        w, b, X, y = case.args
        r = X @ w + b - y
        got = t.sub.mse_loss_and_grad(*case.args)
        got = got[0] if isinstance(got, tuple | list) and got else got
        compare.close(
            _num(got, "loss", case.describe()),
            t.ref.mse_loss_and_grad(*case.args)[0],
            what=f"loss ({case.label})",
            inputs=case.describe(),
            rtol=1e-10,
            diagnose={
                "the loss has a 1/2 in front (another convention, not this one)": np.mean(r**2) / 2,
                "the squared residuals are summed, not averaged": np.sum(r**2),
                "the root of the mean is taken (RMSE, not MSE)": np.sqrt(np.mean(r**2)),
            },
        )


suite.add(
    gradient_check(
        "mse_loss_and_grad",
        _loss_cases,
        params={"w": 0, "b": 1},
        name="gradient agrees with finite differences",
        n_examples=lambda case: len(case.args[3]),
        hint="d/dw of mean((Xw + b - y)^2): keep the 2, keep the mean",
    )
)


# ------------------------------------------------------------------ the update rule
def _sgd_variant(
    X, y, lr, batch_size, epochs, *, drop_last=False, fixed_divisor=False, sequential=False
):
    """Unshuffled SGD with one of the usual slips switched on (for naming them)."""
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):
        stop = n - n % batch_size if drop_last and n >= batch_size else n
        for start in range(0, stop, batch_size):
            Xb, yb = X[start : start + batch_size], y[start : start + batch_size]
            m = batch_size if fixed_divisor else len(yb)
            r = Xb @ w + b - yb
            w = w - lr * 2 / m * (Xb.T @ r)
            if sequential:
                r = Xb @ w + b - yb  # the bias step sees the already-updated w
            b = b - lr * 2 / m * np.sum(r)
    return np.r_[w, b]


_VARIANTS = {
    "the last, smaller batch is dropped": dict(drop_last=True),
    "the last batch's gradient is divided by batch_size instead of its own size": dict(
        fixed_divisor=True
    ),
    "w is updated before the bias gradient is computed (update both from the same point)": dict(
        sequential=True
    ),
}


@suite.check(
    "no shuffling: every update as specified",
    hint="consecutive batches, the last one smaller; each step uses the gradient "
    "at the current (w, b) averaged over that batch",
)
def exact_updates(t):
    for n, d, bs, epochs, lr in [
        (11, 3, 4, 2, 0.05),
        (9, 2, 9, 3, 0.1),
        (6, 2, 1, 2, 0.05),
        (7, 2, 10, 2, 0.05),
    ]:
        X = t.rng.normal(size=(n, d))
        y = X @ t.rng.normal(size=d) + t.rng.normal(size=n)
        kwargs = dict(lr=lr, batch_size=bs, epochs=epochs, shuffle=False)
        inputs = f"n={n}, d={d}, {kwargs}"
        got = _wb(t.sub.sgd_linear_regression(X, y, **kwargs), d, inputs)
        w_ref, b_ref = t.ref.sgd_linear_regression(X, y, **kwargs)
        compare.close(
            got,
            np.r_[w_ref, b_ref],
            what="(w, b) as [w..., b]",
            inputs=inputs,
            rtol=1e-9,
            atol=1e-12,
            diagnose={m: _sgd_variant(X, y, lr, bs, epochs, **v) for m, v in _VARIANTS.items()},
        )


@suite.check(
    "batch_size >= n is full-batch gradient descent",
    hint="one batch holding every row makes each epoch one full-batch gradient step",
)
def full_batch(t):
    n, d, lr, epochs = 12, 3, 0.1, 5
    X = t.rng.normal(size=(n, d))
    y = X @ t.rng.normal(size=d) + t.rng.normal(size=n)
    w, b = np.zeros(d), 0.0
    for _ in range(epochs):  # plain gradient descent on all the data
        r = X @ w + b - y
        w, b = w - lr * 2 / n * (X.T @ r), b - lr * 2 / n * np.sum(r)
    for bs in (n, n + 5):
        kwargs = dict(lr=lr, batch_size=bs, epochs=epochs, shuffle=True, seed=3)
        inputs = f"n={n}, {kwargs}"
        got = _wb(t.sub.sgd_linear_regression(X, y, **kwargs), d, inputs)
        compare.close(
            got, np.r_[w, b], what="(w, b) as [w..., b]", inputs=inputs, rtol=1e-9, atol=1e-12
        )


# ---------------------------------------------------------------------- shuffling
@suite.check(
    "shuffled SGD converges on noiseless data",
    hint="when you shuffle, row i of X must stay paired with y[i]",
)
def converges(t):
    n, d = 64, 3
    X = t.rng.normal(size=(n, d))
    w_true, b_true = t.rng.normal(size=d), 0.7
    y = X @ w_true + b_true  # exactly linear: SGD reaches the solution itself
    kwargs = dict(lr=0.05, batch_size=8, epochs=100, shuffle=True, seed=1)
    inputs = f"y = X @ {np.round(w_true, 4).tolist()} + 0.7 exactly, n={n}, {kwargs}"
    got = _wb(t.sub.sgd_linear_regression(X, y, **kwargs), d, inputs)
    compare.close(
        got, np.r_[w_true, b_true], what="(w, b) as [w..., b]", inputs=inputs, rtol=1e-6, atol=1e-6
    )


suite.add(
    deterministic(
        "sgd_linear_regression",
        Case.of(
            np.arange(24.0).reshape(12, 2) / 10,
            np.linspace(-1, 1, 12),
            lr=0.05,
            batch_size=5,
            epochs=3,
            shuffle=True,
            seed=11,
        ),
        hint="draw every permutation from a generator built from `seed`, not global state",
    )
)


@suite.check(
    "the seed drives the shuffling",
    hint="with shuffle=True the batch order must come from the seed",
)
def seed_matters(t):
    X = t.rng.normal(size=(20, 2))
    y = t.rng.normal(size=20)
    runs = [
        _wb(t.sub.sgd_linear_regression(X, y, lr=0.05, batch_size=4, epochs=1, seed=s), 2, "")
        for s in (0, 1)
    ]
    unshuffled = _wb(
        t.sub.sgd_linear_regression(X, y, lr=0.05, batch_size=4, epochs=1, shuffle=False), 2, ""
    )
    compare.is_true(
        not np.allclose(runs[0], runs[1], rtol=0, atol=1e-12)
        and not np.allclose(runs[0], unshuffled, rtol=0, atol=1e-12),
        "seed=0, seed=1 and shuffle=False gave the same (w, b): the rows are not being "
        "shuffled (or not by `seed`)",
        inputs="n=20 noisy rows, batch_size=4, one epoch",
    )


# Which permutation each epoch used is read off the result: with n = 3 rows, batches of
# one row and 3 epochs there are 6**3 = 216 possible sequences of row orders, each giving
# a different (w, b) (any two differ by more than 2e-3 on these fixed data). A solution
# that draws a fresh permutation every epoch repeats one order in all 3 epochs with
# probability 1/36 per seed; the check fails when that happens for 10 or more of its 20
# seeds, which a correct solution does with probability below 1e-10 (binomial tail), while
# shuffling once (or re-seeding the generator every epoch) repeats it for all 20.
_ORDER_X = np.array([[1.0], [0.3], [-0.8]])  # one feature: 3 rows cannot be fit exactly
_ORDER_Y = np.array([0.7, -1.1, 1.9])
_PERMS = [
    (0, 1, 2),
    (0, 2, 1),
    (1, 0, 2),
    (1, 2, 0),
    (2, 0, 1),
    (2, 1, 0),
]


def _run_orders(orders, lr):
    """(w, b) as [w..., b] after one-row SGD steps visiting rows in the given epoch orders."""
    w, b = np.zeros(1), 0.0
    for order in orders:
        for i in order:
            r = _ORDER_X[i] @ w + b - _ORDER_Y[i]
            w, b = w - lr * 2 * r * _ORDER_X[i], b - lr * 2 * r
    return np.r_[w, b]


@suite.check(
    "a fresh permutation every epoch",
    hint="draw a new permutation at the start of every epoch, from one generator seeded once",
)
def reshuffled(t):
    lr, epochs = 0.17, 3
    sequences = [(a, b, c) for a in _PERMS for b in _PERMS for c in _PERMS]
    outcomes = np.array([_run_orders(seq, lr) for seq in sequences])  # (216, 2)
    inputs = f"X={_ORDER_X.tolist()}, y={_ORDER_Y.tolist()}, lr={lr}, batch_size=1, epochs=3"
    repeated = 0
    for seed in range(20):
        kwargs = dict(lr=lr, batch_size=1, epochs=epochs, shuffle=True, seed=seed)
        got = _wb(t.sub.sgd_linear_regression(_ORDER_X, _ORDER_Y, **kwargs), 1, inputs)
        dist = np.max(np.abs(outcomes - got), axis=1)
        best = int(np.argmin(dist))
        compare.is_true(
            dist[best] <= 1e-9 * (1 + np.max(np.abs(got))),
            f"seed={seed}: (w, b) = {np.round(got, 6).tolist()} matches no run that visits "
            "every row once per epoch, one row per step",
            inputs=inputs,
            hint="each epoch is a permutation of all the rows, cut into consecutive batches",
        )
        repeated += len(set(sequences[best])) == 1
    compare.is_true(
        repeated < 10,
        f"in {repeated} of 20 seeds all {epochs} epochs visited the rows in the same order "
        "(a fresh permutation repeats itself in about 1 seed in 36)",
        inputs=inputs,
        hint="likely mistake: the permutation is drawn once before the epochs (or the "
        "generator is re-created from `seed` every epoch)",
    )


@suite.check(
    "inputs are left unchanged", hint="shuffle indices (or a copy), never the caller's arrays"
)
def inputs_unchanged(t):
    X = t.rng.normal(size=(10, 2))
    y = t.rng.normal(size=10)
    rX, ry = t.remote(X), t.remote(y)
    t.sub.sgd_linear_regression(rX, ry, lr=0.05, batch_size=3, epochs=2, seed=5)
    compare.close(
        rX._get(),
        X,
        what="X after the call",
        rtol=0,
        atol=0,
        inputs="10 rows, batch_size=3, two epochs",
    )
    compare.close(
        ry._get(),
        y,
        what="y after the call",
        rtol=0,
        atol=0,
        inputs="10 rows, batch_size=3, two epochs",
    )
