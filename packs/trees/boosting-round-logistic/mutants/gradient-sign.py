# mistake: g = y - p, the gradient of the log-likelihood instead of the loss
# caught-by: gradient and hessian of the log loss
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) without overflow for large |z|."""
    ez = np.exp(-np.abs(z))  # in (0, 1]: never overflows
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


def logloss(y: np.ndarray, margin: np.ndarray) -> float:
    """Mean binary cross-entropy of labels y in {0, 1} given raw margins (log-odds)."""
    # -log p = log(1 + e^-m) and -log(1 - p) = log(1 + e^m); logaddexp(0, x) is stable
    return float(np.mean(np.logaddexp(0.0, margin) - y * margin))


def logistic_grad_hess(y: np.ndarray, margin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and second derivatives of each row's log loss with respect to its margin."""
    p = sigmoid(margin)
    return y - p, p * (1.0 - p)


def initial_margin(y: np.ndarray) -> float:
    """The constant margin that minimises the log loss: the log-odds of the positive rate."""
    rate = float(np.mean(y))
    return float(np.log(rate / (1.0 - rate)))


def boosting_round(
    y: np.ndarray,
    margin: np.ndarray,
    leaf_index: np.ndarray,
    n_leaves: int,
    eta: float,
    reg_lambda: float,
) -> tuple[np.ndarray, np.ndarray]:
    """New margins and leaf values (-eta * G / (H + lambda)) for rows grouped into leaves."""
    g, h = logistic_grad_hess(y, margin)
    G = np.bincount(leaf_index, weights=g, minlength=n_leaves)  # (n_leaves,)
    H = np.bincount(leaf_index, weights=h, minlength=n_leaves)
    denom = H + reg_lambda
    safe = np.where(denom > 0, denom, 1.0)  # an empty leaf with lambda = 0 gets weight 0
    values = np.where(denom > 0, -eta * G / safe, 0.0)
    return margin + values[leaf_index], values
