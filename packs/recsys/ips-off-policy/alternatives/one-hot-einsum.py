# Matrix form: a one-hot mask of the logged actions picks pi(a_t | x_t) and q_hat(x_t, a_t)
# from their rows; SNIPS is np.average with the weights; DR's two terms come from einsum.
import numpy as np


def _onehot(actions, k):
    return np.eye(k)[actions]  # (n, K)


def _weights(actions, propensities, target_probs):
    return (
        np.einsum("nk,nk->n", target_probs, _onehot(actions, target_probs.shape[1])) / propensities
    )


def ips_value(actions, rewards, propensities, target_probs, clip=None):
    w = _weights(actions, propensities, target_probs)
    if clip is not None:
        w = np.clip(w, None, clip)
    return float(w @ rewards / len(rewards))


def snips_value(actions, rewards, propensities, target_probs):
    w = _weights(actions, propensities, target_probs)
    if not w.any():
        return 0.0
    return float(np.average(rewards, weights=w))


def dr_value(actions, rewards, propensities, target_probs, reward_model):
    mask = _onehot(actions, target_probs.shape[1])
    w = _weights(actions, propensities, target_probs)
    direct = np.einsum("nk,nk->", target_probs, reward_model)
    correction = np.einsum("n,n->", w, rewards - np.einsum("nk,nk->n", mask, reward_model))
    return float((direct + correction) / len(actions))
