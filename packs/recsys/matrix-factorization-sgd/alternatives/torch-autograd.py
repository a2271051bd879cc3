# Let autograd produce the step: build the per-rating loss from the four parameter rows
# as leaf tensors, backpropagate, and move each by -lr * grad.
import numpy as np
import torch


def predict(params, users, items):
    P, Q = params["P"][users], params["Q"][items]
    return (
        params["mu"]
        + params["b_user"][users]
        + params["b_item"][items]
        + np.einsum("mk,mk->m", P, Q)
    )


def sgd_step(params, u, i, r, lr, reg):
    rows = {
        "b_user": torch.tensor(params["b_user"][u], requires_grad=True),
        "b_item": torch.tensor(params["b_item"][i], requires_grad=True),
        "P": torch.tensor(params["P"][u], requires_grad=True),
        "Q": torch.tensor(params["Q"][i], requires_grad=True),
    }
    pred = params["mu"] + rows["b_user"] + rows["b_item"] + rows["P"] @ rows["Q"]
    penalty = sum((v**2).sum() for v in rows.values())
    loss = 0.5 * (r - pred) ** 2 + 0.5 * reg * penalty
    loss.backward()
    params["b_user"][u] -= lr * rows["b_user"].grad.item()
    params["b_item"][i] -= lr * rows["b_item"].grad.item()
    params["P"][u] -= lr * rows["P"].grad.numpy()
    params["Q"][i] -= lr * rows["Q"].grad.numpy()
    return params


def train_mf(ratings, n_users, n_items, k, epochs, lr, reg, seed):
    rng = np.random.default_rng(seed)
    params = {
        "mu": ratings[:, 2].mean(),
        "b_user": np.zeros(n_users),
        "b_item": np.zeros(n_items),
        "P": rng.normal(0, 0.1, (n_users, k)),
        "Q": rng.normal(0, 0.1, (n_items, k)),
    }
    users, items = ratings[:, 0].astype(int), ratings[:, 1].astype(int)
    losses = []
    for _ in range(epochs):
        for j in rng.permutation(len(ratings)):
            sgd_step(params, users[j], items[j], ratings[j, 2], lr, reg)
        err = ratings[:, 2] - predict(params, users, items)
        penalty = (
            params["b_user"][users] ** 2
            + params["b_item"][items] ** 2
            + (params["P"][users] ** 2).sum(1)
            + (params["Q"][items] ** 2).sum(1)
        )
        losses.append(float(0.5 * (err**2).sum() + 0.5 * reg * penalty.sum()))
    return params, losses
