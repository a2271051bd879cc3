# mistake: builds the one-hot matrix with y.max() + 1 columns, so a class that never appears in y breaks the shapes
# caught-by: a class absent from the labels
import numpy as np


def softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def softmax_loss_and_grad(W, b, X, y, l2):
    n = X.shape[0]
    Y = np.eye(y.max() + 1)[y]  # (n, number of classes seen)
    Z = X @ W + b
    shifted = Z - Z.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), y].mean() + 0.5 * l2 * np.sum(W**2)
    G = (softmax(Z) - Y) / n
    return float(loss), X.T @ G + l2 * W, G.sum(axis=0)
