import numpy as np

Params = dict  # "mu": float, "b_user": (U,), "b_item": (I,), "P": (U, k), "Q": (I, k)


def predict(params: Params, users: np.ndarray, items: np.ndarray) -> np.ndarray:
    """Predicted ratings mu + b_u + b_i + p_u . q_i for each (user, item) pair, (m,)."""
    raise NotImplementedError


def sgd_step(params: Params, u: int, i: int, r: float, lr: float, reg: float) -> Params:
    """One SGD step on the regularised squared error of rating r of user u for item i."""
    raise NotImplementedError


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
    raise NotImplementedError
