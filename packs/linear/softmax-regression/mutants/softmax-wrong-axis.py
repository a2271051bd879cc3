# mistake: normalises over axis 0 (across examples) instead of across the K classes of each row
# caught-by: softmax on the statement's example
import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def softmax_loss_and_grad(W, b, X, y, l2):
    n = X.shape[0]
    P = softmax(X @ W + b)
    loss = -np.log(P[np.arange(n), y]).mean() + 0.5 * l2 * np.sum(W**2)
    G = P.copy()
    G[np.arange(n), y] -= 1
    G /= n
    return float(loss), X.T @ G + l2 * W, G.sum(axis=0)
