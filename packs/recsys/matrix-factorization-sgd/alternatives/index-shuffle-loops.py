# The step with explicit loops over the k factors, and a training loop that shuffles an
# index list in place with Generator.shuffle each epoch (Q is drawn before P: the checks
# allow any order of random draws).
import numpy as np


def predict(params, users, items):
    out = np.empty(len(users))
    for j, (u, i) in enumerate(zip(users, items)):
        dot = sum(params["P"][u, f] * params["Q"][i, f] for f in range(params["P"].shape[1]))
        out[j] = params["mu"] + params["b_user"][u] + params["b_item"][i] + dot
    return out


def sgd_step(params, u, i, r, lr, reg):
    P, Q = params["P"], params["Q"]
    k = P.shape[1]
    err = r - (params["mu"] + params["b_user"][u] + params["b_item"][i] + float(P[u] @ Q[i]))
    params["b_user"][u] -= lr * (reg * params["b_user"][u] - err)
    params["b_item"][i] -= lr * (reg * params["b_item"][i] - err)
    for f in range(k):
        p, q = P[u, f], Q[i, f]  # both old values
        P[u, f] = p - lr * (reg * p - err * q)
        Q[i, f] = q - lr * (reg * q - err * p)
    return params


def train_mf(ratings, n_users, n_items, k, epochs, lr, reg, seed):
    rng = np.random.default_rng(seed)
    Q = rng.normal(0.0, 0.1, size=(n_items, k))
    P = rng.normal(0.0, 0.1, size=(n_users, k))
    params = {
        "mu": float(np.mean(ratings[:, 2])),
        "b_user": np.zeros(n_users),
        "b_item": np.zeros(n_items),
        "P": P,
        "Q": Q,
    }
    rows = [(int(u), int(i), float(r)) for u, i, r in ratings]
    index = list(range(len(rows)))
    losses = []
    for _ in range(epochs):
        rng.shuffle(index)
        for j in index:
            sgd_step(params, *rows[j], lr, reg)
        total = 0.0
        for u, i, r in rows:
            err = r - predict(params, [u], [i])[0]
            penalty = (
                params["b_user"][u] ** 2
                + params["b_item"][i] ** 2
                + float(P[u] @ P[u])
                + float(Q[i] @ Q[i])
            )
            total += 0.5 * err * err + 0.5 * reg * penalty
        losses.append(total)
    return params, losses
