import numpy as np


def split_gain(
    G_L: float, H_L: float, G_R: float, H_R: float, reg_lambda: float, gamma: float
) -> float:
    """Second-order loss reduction of splitting a node into (G_L, H_L) and (G_R, H_R)."""
    raise NotImplementedError


def best_split(
    codes: np.ndarray,
    g: np.ndarray,
    h: np.ndarray,
    n_bins: int,
    reg_lambda: float,
    gamma: float,
    min_child_weight: float,
) -> dict | None:
    """The highest-gain valid split of the node's rows, or None if none has positive gain."""
    raise NotImplementedError
