import numpy as np


def ips_value(
    actions: np.ndarray,
    rewards: np.ndarray,
    propensities: np.ndarray,
    target_probs: np.ndarray,
    clip: float | None = None,
) -> float:
    """Inverse propensity scoring: mean of w_t r_t, weights capped at `clip` if given."""
    raise NotImplementedError


def snips_value(
    actions: np.ndarray, rewards: np.ndarray, propensities: np.ndarray, target_probs: np.ndarray
) -> float:
    """Self-normalised IPS: sum of w_t r_t over sum of w_t (0.0 when all weights are 0)."""
    raise NotImplementedError


def dr_value(
    actions: np.ndarray,
    rewards: np.ndarray,
    propensities: np.ndarray,
    target_probs: np.ndarray,
    reward_model: np.ndarray,
) -> float:
    """Doubly robust: the model's value under pi, plus an IPS correction of its residuals."""
    raise NotImplementedError
