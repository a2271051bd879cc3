# mistake: adds l2 * b to the bias gradient although the loss does not penalise b
# caught-by: gradient agrees with finite differences
import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax_loss_and_grad(W, b, X, y, l2):
    n = X.shape[0]
    Z = X @ W + b
    shifted = Z - Z.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), y].mean() + 0.5 * l2 * np.sum(W**2)
    G = softmax(Z)
    G[np.arange(n), y] -= 1
    G /= n
    return float(loss), X.T @ G + l2 * W, G.sum(axis=0) + l2 * b
