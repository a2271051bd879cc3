# mistake: exponentiates the raw logits; exp(1000) is inf and inf / inf is NaN
# caught-by: softmax at logits of +-1000
import numpy as np


def softmax(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def softmax_loss_and_grad(W, b, X, y, l2):
    n = X.shape[0]
    Z = X @ W + b
    shifted = Z - Z.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), y].mean() + 0.5 * l2 * np.sum(W**2)
    G = np.exp(logp)
    G[np.arange(n), y] -= 1
    G /= n
    return float(loss), X.T @ G + l2 * W, G.sum(axis=0)
