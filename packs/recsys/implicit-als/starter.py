import numpy as np


def als_half_step(
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    n_rows: int,
    Y: np.ndarray,
    alpha: float,
    reg: float,
) -> np.ndarray:
    """Exact least-squares factors (n_rows, k) of the row side, given column factors Y."""
    raise NotImplementedError


def implicit_als(
    rows: np.ndarray,
    cols: np.ndarray,
    counts: np.ndarray,
    n_rows: int,
    n_cols: int,
    k: int,
    alpha: float,
    reg: float,
    iters: int,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Alternate exact half-steps (users, then items); return X, Y and the loss per iteration."""
    raise NotImplementedError
