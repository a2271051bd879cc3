import numpy as np

from mldrills.checks import Case, Suite, compare, same_as_reference
from mldrills.checks.numeric import gradient_check, stable_at_extremes

suite = Suite()


def _log_softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _loss(W, b, X, y, l2, *, l2_b=0.0, half=0.5, mean=True):
    """The objective with knobs for the usual mistakes (stable, float64)."""
    nll = -_log_softmax(X @ W + b)[np.arange(len(y)), y]
    data = nll.mean() if mean else nll.sum()
    return float(data + half * l2 * np.sum(W * W) + 0.5 * l2_b * np.sum(b * b))


def _loss_of(out):
    """The loss from (loss, grad_W, grad_b), as a 0-d array."""
    loss = out[0] if isinstance(out, tuple | list) and out else out
    arr = compare.as_array(loss, "loss")
    return arr.reshape(()) if arr.size == 1 else arr


def _problem(rng, n, d, K, l2, label, *, scale=1.0):
    X = rng.normal(size=(n, d)) * scale
    return Case.of(
        rng.normal(size=(d, K)), rng.normal(size=K), X, rng.integers(0, K, n), l2, label=label
    )


# ------------------------------------------------------------------------ softmax
def _naive_softmax(Z):
    with np.errstate(all="ignore"):
        E = np.exp(Z)
        return E / E.sum(axis=1, keepdims=True)


def _softmax_cases(rng):
    return [
        Case.of(rng.normal(size=(5, 4)) * 3, label="random logits"),
        Case.of(np.array([[2.0, -1.0, 0.5]]), label="one row"),
        Case.of(np.array([[0.7], [-3.0]]), label="one class: every probability is 1"),
        Case.of(np.full((2, 3), 42.0), label="equal logits"),
    ]


suite.add(
    same_as_reference(
        "softmax",
        _softmax_cases,
        name="softmax on small inputs",
        rtol=1e-9,
        atol=1e-12,
        mistakes={
            "normalised over the wrong axis (columns sum to 1, not rows)": lambda Z: (
                np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True)
            )
        },
        hint="normalise each row over its K entries",
    ),
    stable_at_extremes(
        "softmax",
        [
            Case.of(
                np.array([[1000.0, 0.0, -1000.0], [-1000.0, -1000.0, -999.0], [800.0, 800.0, 0.0]]),
                label="logits of +-1000",
            )
        ],
        name="softmax at logits of +-1000",
        what="probabilities",
        rtol=1e-9,
        atol=1e-300,
        mistakes={"exp of the raw logits overflows to inf (inf / inf is NaN)": _naive_softmax},
        hint="softmax(z) = softmax(z - c) for any constant c per row",
    ),
)


# ------------------------------------------------------------------ loss and gradient
def _loss_cases(rng):
    return [
        _problem(rng, 1, 1, 2, 0.0, "one example, two classes"),
        _problem(rng, 12, 3, 4, 0.0, "no penalty"),
        _problem(rng, 12, 3, 4, 0.5, "with a penalty"),
    ]


_LOSS_MISTAKES = {
    "the bias is penalised too": dict(l2_b=1.0),
    "the penalty is l2 * ||W||^2 instead of (l2/2) * ||W||^2": dict(half=1.0),
    "the data term is summed over examples instead of averaged": dict(mean=False),
}


@suite.check(
    "loss matches the definition",
    hint="mean over examples of -log softmax(z_i)[y_i], plus a penalty on W only",
)
def loss_matches(t):
    for case in _loss_cases(t.rng):
        W, b, X, y, l2 = case.args
        knobs = {m: {**k, "l2_b": k.get("l2_b", 0.0) * l2} for m, k in _LOSS_MISTAKES.items()}
        compare.close(
            _loss_of(t.sub.softmax_loss_and_grad(*case.args)),
            t.ref.softmax_loss_and_grad(*case.args)[0],
            what=f"loss ({case.label})",
            inputs=case.describe(),
            rtol=1e-9,
            atol=1e-12,
            diagnose={m: _loss(W, b, X, y, l2, **k) for m, k in knobs.items()},
        )


def _column_bug(g, case):
    """What `P[:, y] -= 1` (whole columns, not one entry per row) gives as a gradient."""
    W, b, X, y, l2 = case.args
    Z = X @ W + b
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    P[:, y] -= 1.0
    P /= len(y)
    return {"W": X.T @ P + l2 * W, "b": P.sum(axis=0)}


suite.add(
    gradient_check(
        "softmax_loss_and_grad",
        _loss_cases,
        params={"W": 0, "b": 1},
        name="gradient agrees with finite differences",
        n_examples=lambda case: len(case.args[3]),
        mistakes={
            "the bias is being regularised in the gradient (l2 * b added to grad_b)": (
                lambda g, case: {"b": g["b"] + case.args[4] * case.args[1]}
            ),
            "1 is subtracted from whole columns (P[:, y] -= 1) instead of one entry per row "
            "(P[np.arange(n), y] -= 1)": _column_bug,
        },
        hint="dloss/dlogits is (P - Y) / n, one row per example",
    )
)


@suite.check(
    "a class absent from the labels",
    hint="the number of classes comes from the shape of W, not from the labels",
)
def absent_class(t):
    rng = t.rng
    X = rng.normal(size=(6, 2))
    W, b = rng.normal(size=(2, 5)), rng.normal(size=5)
    y = np.array([0, 1, 1, 0, 2, 1])  # classes 3 and 4 never appear
    inputs = "K = 5 classes, labels only 0, 1, 2"
    got = t.sub.softmax_loss_and_grad(W, b, X, y, 0.1)
    loss, gW, gb = t.ref.softmax_loss_and_grad(W, b, X, y, 0.1)
    compare.close(_loss_of(got), loss, what="loss", inputs=inputs, rtol=1e-9)
    compare.close(got[1], gW, what="grad_W", inputs=inputs, rtol=1e-8, atol=1e-12)
    compare.close(got[2], gb, what="grad_b", inputs=inputs, rtol=1e-8, atol=1e-12)


# ---------------------------------------------------------------- numerical stability
def _extreme_cases(rng):
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])
    W = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 0.0]])
    return [
        Case.of(
            W,
            np.zeros(3),
            X,
            np.array([0, 2, 1, 2]),
            0.0,
            label="logits of +-1000; some true classes are 1000 below the max",
        ),
        Case.of(
            rng.normal(size=(3, 4)) * 200,
            np.zeros(4),
            rng.normal(size=(8, 3)),
            rng.integers(0, 4, 8),
            0.01,
            label="logits in the hundreds",
        ),
    ]


def _log_of_softmax(W, b, X, y, l2):
    """Max-shifted softmax, then log: the true class's probability underflows to 0."""
    Z = X @ W + b
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        return (float(-np.mean(np.log(P[np.arange(len(y)), y])) + 0.5 * l2 * np.sum(W * W)),)


def _no_shift(W, b, X, y, l2):
    with np.errstate(all="ignore"):
        E = np.exp(X @ W + b)
        P = E / E.sum(axis=1, keepdims=True)
        return (float(-np.mean(np.log(P[np.arange(len(y)), y])) + 0.5 * l2 * np.sum(W * W)),)


suite.add(
    stable_at_extremes(
        "softmax_loss_and_grad",
        _extreme_cases,
        name="finite, exact loss at logits of +-1000",
        select=_loss_of,
        what="loss",
        rtol=1e-9,
        mistakes={
            "the log of a softmax probability that underflowed to exactly 0": (
                lambda *a: _log_of_softmax(*a)[0]
            ),
            "exp of the raw logits overflows (inf / inf is NaN)": lambda *a: _no_shift(*a)[0],
        },
        hint="stay in log space: -log softmax(z)[y] never needs a tiny probability formed first",
    ),
    stable_at_extremes(
        "softmax_loss_and_grad",
        _extreme_cases,
        name="finite gradient at logits of +-1000",
        select=lambda out: np.r_[np.ravel(out[1]), np.ravel(out[2])],
        what="gradient (grad_W then grad_b, flattened)",
        rtol=1e-8,
        hint="the gradient uses the probabilities, which must stay finite at any logits",
    ),
)


@suite.check(
    "inputs are left unchanged",
    hint="Z - Z.max(...) makes a new array; Z -= ... writes into the caller's logits",
)
def inputs_unchanged(t):
    rng = t.rng
    Z = rng.normal(size=(4, 3)) * 5
    remote_Z = t.remote(Z)
    t.sub.softmax(remote_Z)
    compare.close(
        remote_Z._get(), Z, what="Z after softmax(Z)", rtol=0, atol=0, inputs="4 x 3 logits"
    )
    case = _problem(rng, 6, 2, 3, 0.1, "a small problem")
    originals = [np.array(a, copy=True) for a in case.args[:4]]
    remotes = [t.remote(a) for a in case.args[:4]]
    t.sub.softmax_loss_and_grad(*remotes, 0.1)
    for name, remote, original in zip(("W", "b", "X", "y"), remotes, originals):
        compare.close(
            remote._get(),
            original,
            what=f"{name} after softmax_loss_and_grad",
            rtol=0,
            atol=0,
            inputs="6 examples, 2 features, 3 classes",
        )
