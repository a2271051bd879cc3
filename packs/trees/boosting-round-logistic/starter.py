import numpy as np


def logloss(y: np.ndarray, margin: np.ndarray) -> float:
    """Mean binary cross-entropy of labels y in {0, 1} given raw margins (log-odds)."""
    raise NotImplementedError


def logistic_grad_hess(y: np.ndarray, margin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and second derivatives of each row's log loss with respect to its margin."""
    raise NotImplementedError


def initial_margin(y: np.ndarray) -> float:
    """The constant margin that minimises the log loss: the log-odds of the positive rate."""
    raise NotImplementedError


def boosting_round(
    y: np.ndarray,
    margin: np.ndarray,
    leaf_index: np.ndarray,
    n_leaves: int,
    eta: float,
    reg_lambda: float,
) -> tuple[np.ndarray, np.ndarray]:
    """New margins and leaf values (-eta * G / (H + lambda)) for rows grouped into leaves."""
    raise NotImplementedError
