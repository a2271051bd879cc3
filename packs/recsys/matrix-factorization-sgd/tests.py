import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

KEYS = ("mu", "b_user", "b_item", "P", "Q")


def random_params(rng, users=4, items=5, k=3):
    return {
        "mu": 3.2,
        "b_user": rng.normal(0, 0.3, users),
        "b_item": rng.normal(0, 0.3, items),
        "P": rng.normal(0, 0.5, (users, k)),
        "Q": rng.normal(0, 0.5, (items, k)),
    }


def copy(params):
    return {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in params.items()}


def step_variant(params, u, i, r, lr, reg, *, order="simultaneous", bias_reg=True, sign=1.0):
    """sgd_step with one detail changed: the model of a mistake."""
    p = copy(params)
    err = sign * (r - (p["mu"] + p["b_user"][u] + p["b_item"][i] + p["P"][u] @ p["Q"][i]))
    breg = reg if bias_reg else 0.0
    p["b_user"][u] += lr * (err - breg * p["b_user"][u])
    p["b_item"][i] += lr * (err - breg * p["b_item"][i])
    q_old = p["Q"][i].copy()
    p["P"][u] += lr * (err * q_old - reg * p["P"][u])
    p_used = p["P"][u] if order == "sequential" else params["P"][u]
    p["Q"][i] += lr * (err * p_used - reg * q_old)
    return p


def check_step(t, params, u, i, r, lr, reg, label):
    inputs = f"{label}: u={u}, i={i}, r={r}, lr={lr}, reg={reg}"
    got = t.sub.sgd_step(copy(params), u, i, r, lr, reg)
    compare.is_true(
        isinstance(got, dict) and set(KEYS) <= set(got),
        f"expected the parameter dict back, got {compare.short(got)}",
        inputs=inputs,
    )
    expected = t.ref.sgd_step(copy(params), u, i, r, lr, reg)
    mistakes = {
        "q_i updated with the new p_u: evaluate every gradient at the old values": step_variant(
            params, u, i, r, lr, reg, order="sequential"
        ),
        "the biases are not regularised": step_variant(params, u, i, r, lr, reg, bias_reg=False),
        "the error has the wrong sign (prediction - rating with +=)": step_variant(
            params, u, i, r, lr, reg, sign=-1.0
        ),
    }
    for key in KEYS:
        compare.close(
            got[key],
            expected[key],
            what=f"params[{key!r}] after the step",
            rtol=1e-9,
            atol=1e-12,
            inputs=inputs,
            diagnose={m: v[key] for m, v in mistakes.items()},
        )


@suite.check(
    "predict", hint="mu + b_u + b_i + the dot product of the user's and the item's factors"
)
def predict_check(t):
    params = random_params(t.rng)
    users, items = t.rng.integers(0, 4, 10), t.rng.integers(0, 5, 10)
    compare.close(
        t.sub.predict(params, users, items),
        t.ref.predict(params, users, items),
        what="predict",
        rtol=1e-9,
        atol=1e-12,
        inputs="4 users, 5 items, k=3, 10 pairs",
    )


@suite.check(
    "one SGD step",
    hint="every parameter moves by -lr times its partial derivative, "
    "all taken at the values before the step",
)
def one_step(t):
    params = {
        "mu": 3.0,
        "b_user": np.array([0.5]),
        "b_item": np.array([-0.2]),
        "P": np.array([[0.1, 0.2]]),
        "Q": np.array([[0.3, -0.1]]),
    }
    check_step(t, params, 0, 0, 4.0, 0.1, 0.5, "the statement's example")
    check_step(t, random_params(t.rng), 2, 3, 1.0, 0.05, 0.1, "random parameters")
