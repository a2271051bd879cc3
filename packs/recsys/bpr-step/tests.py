import numpy as np

from mldrills.checks import Suite, compare

suite = Suite()

P0 = np.array([[0.5, 0.1], [0.2, -0.3]])
Q0 = np.array([[0.4, 0.2], [-0.1, 0.3], [0.0, 0.5]])
BATCH = (np.array([0, 1, 0]), np.array([0, 2, 1]), np.array([1, 0, 2]))


def variant(P, Q, users, pos, neg, lr, reg, *, factor="sigmoid(-x)", scale="mean", accumulate=True):
    """The step with one detail changed: the model of a mistake."""
    B = len(users)
    p_u, q_i, q_j = P[users], Q[pos], Q[neg]
    x = np.sum(p_u * (q_i - q_j), axis=1)
    with np.errstate(over="ignore"):  # exp of a huge margin is inf, and 1 / inf = 0 is right
        s = {"sigmoid(-x)": 1 / (1 + np.exp(x)), "sigmoid(x)": 1 / (1 + np.exp(-x))}[factor][
            :, None
        ]
    d = B if scale == "mean" else 1
    gP, gQ = np.zeros_like(P), np.zeros_like(Q)
    if accumulate:
        np.add.at(gP, users, (-s * (q_i - q_j) + reg * p_u) / d)
        np.add.at(gQ, pos, (-s * p_u + reg * q_i) / d)
        np.add.at(gQ, neg, (s * p_u + reg * q_j) / d)
    else:  # fancy-index assignment: the last of repeated rows wins
        gP[users] += (-s * (q_i - q_j) + reg * p_u) / d
        gQ[pos] += (-s * p_u + reg * q_i) / d
        gQ[neg] += (s * p_u + reg * q_j) / d
    return P - lr * gP, Q - lr * gQ


def check_step(t, P, Q, users, pos, neg, lr, reg, label):
    inputs = f"{label}: U={len(P)}, I={len(Q)}, k={P.shape[1]}, B={len(users)}, lr={lr}, reg={reg}"
    got = t.sub.bpr_step(P.copy(), Q.copy(), users, pos, neg, lr, reg)
    compare.is_true(
        isinstance(got, list | tuple) and len(got) == 3,
        f"expected (P, Q, loss), got {compare.short(got)}",
        inputs=inputs,
    )
    P_new, Q_new, loss = t.ref.bpr_step(P.copy(), Q.copy(), users, pos, neg, lr, reg)
    for what, value in (("P", got[0]), ("Q", got[1])):
        arr = compare.as_array(value, f"{what} after the step", inputs)
        if arr.dtype == np.float32:
            t.fail(
                f"{what} after the step is float32 for float64 factors: a float64 -> float32 "
                f"downcast (about 1e-7 precision; the check needs 1e-9)\n  input: {inputs}",
                hint="keep the factors in float64, the dtype they came in",
            )
    args = (P, Q, users, pos, neg, lr, reg)
    mistakes = {
        "sigmoid(x) where the gradient needs sigmoid(-x)": variant(*args, factor="sigmoid(x)"),
        "gradients summed over the batch instead of averaged": variant(*args, scale="sum"),
        "P[users] += ... with repeated indices keeps only one update per row: accumulate "
        "(np.add.at)": variant(*args, accumulate=False),
    }
    compare.close(
        got[0],
        P_new,
        what="P after the step",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={m: v[0] for m, v in mistakes.items()},
    )
    compare.close(
        got[1],
        Q_new,
        what="Q after the step",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={m: v[1] for m, v in mistakes.items()},
    )
    x = np.sum(P[users] * (Q[pos] - Q[neg]), axis=1)
    compare.close(
        got[2],
        loss,
        what="loss (at the old parameters)",
        rtol=1e-9,
        atol=1e-12,
        inputs=inputs,
        diagnose={
            "the regulariser is missing from the loss": float(np.mean(np.logaddexp(0, -x))),
            "summed over the batch instead of averaged": loss * len(users),
            "the loss is taken after the step, at the new parameters": t.ref.bpr_step(
                P_new.copy(), Q_new.copy(), users, pos, neg, lr, reg
            )[2],
        },
    )


@suite.check(
    "one step on the statement's batch",
    hint="d(-log sigmoid(x))/dx = -sigmoid(-x); average over the batch; add reg times the row",
)
def example(t):
    check_step(t, P0, Q0, *BATCH, 0.1, 0.01, "the statement's example")


@suite.check(
    "a random batch of distinct triples",
    hint="average the triples' gradients over the batch; the penalty's gradient is reg times the row",
)
def random_batch(t):
    P, Q = t.rng.normal(0, 0.5, (6, 3)), t.rng.normal(0, 0.5, (9, 3))
    users = t.rng.permutation(6)[:4]
    items = t.rng.permutation(9)
    check_step(t, P, Q, users, items[:4], items[4:8], 0.05, 0.1, "4 triples, no repeats")
