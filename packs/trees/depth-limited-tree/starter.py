import numpy as np

Node = dict  # internal: feature, threshold, default_left, left, right; leaf: value


def grow_tree(
    codes: np.ndarray,
    g: np.ndarray,
    h: np.ndarray,
    n_bins: int,
    max_depth: int,
    reg_lambda: float,
    gamma: float,
    min_child_weight: float,
    eta: float,
) -> list[Node]:
    """Grow a tree depth-wise; leaves hold -eta * G / (H + lambda)."""
    raise NotImplementedError


def predict_tree(tree: list[Node], codes: np.ndarray) -> np.ndarray:
    """The leaf value each row reaches, shape (n,)."""
    raise NotImplementedError
