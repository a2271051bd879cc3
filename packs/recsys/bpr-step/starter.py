import numpy as np


def bpr_step(
    P: np.ndarray,
    Q: np.ndarray,
    users: np.ndarray,
    pos: np.ndarray,
    neg: np.ndarray,
    lr: float,
    reg: float,
) -> tuple[np.ndarray, np.ndarray, float]:
    """One gradient step on the mean BPR loss of a batch; returns (P, Q, loss before the step)."""
    raise NotImplementedError
