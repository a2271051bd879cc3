# mistake: returns the loss at the parameters after the step instead of before it
# caught-by: one step on the statement's batch
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z)) without overflow for large |z|."""
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + ez), ez / (1.0 + ez))


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
    B = len(users)
    p_u, q_i, q_j = P[users], Q[pos], Q[neg]  # (B, k) each
    x = np.sum(p_u * (q_i - q_j), axis=1)  # (B,) score margin of positive over negative
    # -log sigmoid(x) = log(1 + exp(-x)), computed stably
    penalty = np.sum(p_u**2, axis=1) + np.sum(q_i**2, axis=1) + np.sum(q_j**2, axis=1)
    loss = float(np.mean(np.logaddexp(0.0, -x) + 0.5 * reg * penalty))
    s = sigmoid(-x)[:, None]  # (B, 1): d(-log sigmoid(x))/dx = -sigmoid(-x)
    grad_P, grad_Q = np.zeros_like(P), np.zeros_like(Q)
    # np.add.at accumulates over repeated indices (P[users] += ... would keep only one)
    np.add.at(grad_P, users, (-s * (q_i - q_j) + reg * p_u) / B)
    np.add.at(grad_Q, pos, (-s * p_u + reg * q_i) / B)
    np.add.at(grad_Q, neg, (s * p_u + reg * q_j) / B)
    P, Q = P - lr * grad_P, Q - lr * grad_Q
    # report the loss of the updated model
    x = np.sum(P[users] * (Q[pos] - Q[neg]), axis=1)
    penalty = np.sum(P[users] ** 2, axis=1) + np.sum(Q[pos] ** 2, axis=1) + np.sum(Q[neg] ** 2, axis=1)
    return P, Q, float(np.mean(np.logaddexp(0.0, -x) + 0.5 * reg * penalty))
