# mistake: shuffles the ratings once before training and reuses that order in every epoch
# caught-by: a fresh order every epoch
import numpy as np

Params = dict  # "mu": float, "b_user": (U,), "b_item": (I,), "P": (U, k), "Q": (I, k)


def predict(params: Params, users: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Predicted ratings mu + b_u + b_i + p_u . q_i for each (user, item) pair, (m,)."""
    dots = np.sum(params["P"][users] * params["Q"][items], axis=1)  # (m,)
    return params["mu"] + params["b_user"][users] + params["b_item"][items] + dots


def sgd_step(params: Params, u: int, i: int, r: float, lr: float, reg: float) -> Params:
    """One SGD step on the regularised squared error of rating r of user u for item i."""
    p_u, q_i = params["P"][u].copy(), params["Q"][i].copy()  # old values for both updates
    err = r - (params["mu"] + params["b_user"][u] + params["b_item"][i] + p_u @ q_i)
    # each update is -lr * d/dtheta [ 1/2 err^2 + reg/2 * (b_u^2 + b_i^2 + |p_u|^2 + |q_i|^2) ]
    params["b_user"][u] += lr * (err - reg * params["b_user"][u])
    params["b_item"][i] += lr * (err - reg * params["b_item"][i])
    params["P"][u] += lr * (err * q_i - reg * p_u)
    params["Q"][i] += lr * (err * p_u - reg * q_i)
    return params


def objective(params: Params, ratings: np.ndarray, reg: float) -> float:
    """Sum over ratings of 1/2 err^2 + reg/2 (b_u^2 + b_i^2 + |p_u|^2 + |q_i|^2)."""
    users, items = ratings[:, 0].astype(int), ratings[:, 1].astype(int)
    err = ratings[:, 2] - predict(params, users, items)
    penalty = (
        params["b_user"][users] ** 2
        + params["b_item"][items] ** 2
        + np.sum(params["P"][users] ** 2, axis=1)
        + np.sum(params["Q"][items] ** 2, axis=1)
    )
    return float(0.5 * np.sum(err**2) + 0.5 * reg * np.sum(penalty))


def train_mf(
    ratings: np.ndarray,
    n_users: int,
    n_items: int,
    k: int,
    epochs: int,
    lr: float,
    reg: float,
    seed: int,
) -> tuple[Params, list[float]]:
    """Fit the biased MF model by SGD; return the parameters and the objective after each epoch."""
    rng = np.random.default_rng(seed)
    params = {
        "mu": float(ratings[:, 2].mean()),  # fixed: the biases model deviations from it
        "b_user": np.zeros(n_users),
        "b_item": np.zeros(n_items),
        "P": rng.normal(0.0, 0.1, (n_users, k)),
        "Q": rng.normal(0.0, 0.1, (n_items, k)),
    }
    losses = []
    order = rng.permutation(len(ratings))  # shuffled once, up front
    for _ in range(epochs):
        for idx in order:
            u, i, r = ratings[idx]
            sgd_step(params, int(u), int(i), r, lr, reg)
        losses.append(objective(params, ratings, reg))
    return params, losses
