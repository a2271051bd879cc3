# mistake: subtracts the row max in place (Z -= Z.max(...)), so softmax overwrites the caller's logits
# caught-by: inputs are left unchanged
import numpy as np


def softmax(Z):
    Z -= Z.max(axis=1, keepdims=True)  # writes into the caller's array
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def softmax_loss_and_grad(W, b, X, y, l2):
    n = X.shape[0]
    Z = X @ W + b
    rows = np.arange(n)
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -np.mean(log_p[rows, y]) + 0.5 * l2 * np.sum(W * W)
    G = softmax(Z)
    G[rows, y] -= 1.0
    G /= n
    return float(loss), X.T @ G + l2 * W, G.sum(axis=0)
