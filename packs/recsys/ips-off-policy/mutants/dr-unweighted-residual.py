# mistake: adds the model's residuals without the importance weights, so the correction follows the logging policy
# caught-by: doubly robust
import numpy as np


def importance_weights(
    actions: np.ndarray, propensities: np.ndarray, target_probs: np.ndarray
) -> np.ndarray:
    """w_t = pi(a_t | x_t) / pi_0(a_t | x_t) for each logged event, (n,)."""
    target_of_logged = target_probs[np.arange(len(actions)), actions]  # (n,)
    return target_of_logged / propensities


def ips_value(
    actions: np.ndarray,
    rewards: np.ndarray,
    propensities: np.ndarray,
    target_probs: np.ndarray,
    clip: float | None = None,
) -> float:
    """Inverse propensity scoring: mean of w_t r_t, weights capped at `clip` if given."""
    w = importance_weights(actions, propensities, target_probs)
    if clip is not None:
        w = np.minimum(w, clip)  # caps the weights (bias for less variance), never the rewards
    return float(np.mean(w * rewards))


def snips_value(
    actions: np.ndarray, rewards: np.ndarray, propensities: np.ndarray, target_probs: np.ndarray
) -> float:
    """Self-normalised IPS: sum of w_t r_t over sum of w_t (0.0 when all weights are 0)."""
    w = importance_weights(actions, propensities, target_probs)
    total = w.sum()
    return float((w * rewards).sum() / total) if total > 0 else 0.0


def dr_value(
    actions: np.ndarray,
    rewards: np.ndarray,
    propensities: np.ndarray,
    target_probs: np.ndarray,
    reward_model: np.ndarray,
) -> float:
    """Doubly robust: the model's value under pi, plus an IPS correction of its residuals."""
    n = len(actions)
    w = importance_weights(actions, propensities, target_probs)
    direct = np.sum(target_probs * reward_model, axis=1)  # (n,): E_pi[q_hat(x_t, a)]
    residual = rewards - reward_model[np.arange(n), actions]  # (n,): r_t - q_hat(x_t, a_t)
    return float(np.mean(direct + residual))
